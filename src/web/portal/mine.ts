// The requests this browser submitted (code and check), kept on the phone only, so a resident can
// come back to them without noting the code down.
export interface Mine {
  code: string;
  check: string;
  title: string;
  at: string;
}
const KEY = 'minsheng.portal.mine';

export function myRequests(): Mine[] {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? '[]') as Mine[];
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}

export function remember(m: Mine): void {
  try {
    const list = [m, ...myRequests().filter((x) => x.code !== m.code)].slice(0, 20);
    localStorage.setItem(KEY, JSON.stringify(list));
  } catch {
    // not kept: the resident has the code on screen
  }
}
