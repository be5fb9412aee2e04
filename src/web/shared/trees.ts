// Trees for the pickers (units, categories, territories come flat from the API, with parentId),
// and the search text of each node: its name and code, and in the staff app also its pinyin
// initials and full pinyin, so 噪声扰民 is found by typing "zsrm" or "zaosheng".
import type { TreeNode } from './api.ts';

export type Pinyin = (name: string) => string;

export interface Tree<T extends TreeNode> {
  node: T;
  children: Tree<T>[];
}

export function buildTree<T extends TreeNode>(nodes: readonly T[]): Tree<T>[] {
  const by = new Map<number, Tree<T>>();
  for (const n of nodes) by.set(n.id, { node: n, children: [] });
  const roots: Tree<T>[] = [];
  for (const n of nodes) {
    const t = by.get(n.id)!;
    const parent = n.parentId === null ? undefined : by.get(n.parentId);
    (parent ? parent.children : roots).push(t);
  }
  return roots;
}

/** 城乡建设 / 市政设施 / 路灯不亮 */
export function fullName<T extends TreeNode>(nodes: readonly T[], id: number | null | undefined, sep = ' / '): string {
  if (id === null || id === undefined) return '';
  const by = new Map(nodes.map((n) => [n.id, n]));
  const names: string[] = [];
  for (let n = by.get(id); n; n = n.parentId === null ? undefined : by.get(n.parentId)) names.unshift(n.name);
  return names.join(sep);
}

/** Ids from the root down to the node. */
export function pathIds(nodes: readonly TreeNode[], id: number | null | undefined): number[] {
  const n = id === null || id === undefined ? undefined : nodes.find((x) => x.id === id);
  return n ? n.path.split('/').filter(Boolean).map(Number) : [];
}

export function searchText(n: TreeNode, pinyin?: Pinyin): string {
  return `${n.name} ${n.code} ${pinyin ? pinyin(n.name) : ''}`.toLowerCase();
}

/** Every whitespace-separated term of the input occurs in the text. */
export function matches(text: string, input: string): boolean {
  const terms = input.trim().toLowerCase().split(/\s+/).filter(Boolean);
  return terms.every((t) => text.includes(t));
}

export interface TreeOption {
  value: number;
  title: string;
  label: string;
  search: string;
  disabled?: boolean;
  selectable?: boolean;
  children?: TreeOption[];
}

/** Options for antd TreeSelect and Cascader (both read `value`, `title`/`label`, `children`). */
export function treeOptions<T extends TreeNode>(
  nodes: readonly T[],
  opts: { pinyin?: Pinyin; leafOnly?: boolean; include?: (n: T) => boolean; label?: (n: T) => string } = {},
): TreeOption[] {
  const conv = (t: Tree<T>, trail: string): TreeOption | null => {
    if (opts.include && !opts.include(t.node)) return null;
    const kids = t.children.map((c) => conv(c, `${trail} ${searchText(c.node, opts.pinyin)}`)).filter((x): x is TreeOption => x !== null);
    const label = opts.label ? opts.label(t.node) : t.node.name;
    return {
      value: t.node.id,
      title: label,
      label,
      search: `${trail}`,
      ...(opts.leafOnly && kids.length ? { selectable: false } : {}),
      ...(kids.length ? { children: kids } : {}),
    };
  };
  return buildTree(nodes).map((t) => conv(t, searchText(t.node, opts.pinyin))).filter((x): x is TreeOption => x !== null);
}
