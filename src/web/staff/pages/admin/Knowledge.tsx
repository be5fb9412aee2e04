// 知识库: articles operators answer from. Everyone searches; administrators add, edit and retire them.
import { useState } from 'react';
import { Button, Form, Input, Switch, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import * as api from '../../../shared/api.ts';
import { useAsync, useLoadError } from '../../../shared/hooks.ts';
import { useI18n } from '../../../shared/i18n.tsx';
import { fullName } from '../../../shared/trees.ts';
import { fmtTime } from '../../../shared/time.tsx';
import { ExportButton } from '../../components/OrderTable.tsx';
import { CategoryPicker } from '../../components/Pickers.tsx';
import { useSession } from '../../session.ts';
import { AdminPage, EditDialog } from './common.tsx';

interface V {
  title: string;
  body: string;
  categoryId: number | null;
  active?: boolean;
}

export default function Knowledge() {
  const { t } = useI18n();
  const { user } = useSession();
  const isAdmin = user.abilities.includes('config.write');
  const [q, setQ] = useState('');
  const list = useAsync(() => api.admin.articles(q || undefined), [q]);
  const cats = useAsync(() => api.categories(), []);
  useLoadError(list, cats);
  const [edit, setEdit] = useState<{ a?: api.Article } | null>(null);
  return (
    <AdminPage title="知识库" extra={<>
      <Input.Search allowClear placeholder={t('搜索标题或正文')} onSearch={setQ} style={{ width: 220 }} data-testid="kb-filter" />
      <ExportButton name={t('知识库')} rows={async () => list.data ?? []} columns={[
        { header: 'ID', value: (a: api.Article) => a.id }, { header: t('标题'), value: (a) => a.title, width: 30 },
        { header: t('分类'), value: (a) => fullName(cats.data ?? [], a.categoryId), width: 30 }, { header: t('正文'), value: (a) => a.body, width: 80 },
      ]} />
      {isAdmin && <Button type="primary" icon={<PlusOutlined />} onClick={() => setEdit({})}>{t('新建知识')}</Button>}
    </>}>
      <Table<api.Article>
        size="small" rowKey="id" dataSource={list.data ?? []} loading={list.loading} pagination={{ pageSize: 50 }} data-testid="kb-table"
        expandable={{ expandedRowRender: (a) => <Typography.Paragraph className="pre" style={{ margin: 0 }}>{a.body}</Typography.Paragraph> }}
        columns={[
          { title: t('标题'), dataIndex: 'title' },
          { title: t('分类'), dataIndex: 'categoryId', width: 260, render: (v: number | null) => fullName(cats.data ?? [], v) },
          { title: t('更新时间'), dataIndex: 'updatedAt', width: 140, render: (v: string) => fmtTime(v) },
          ...(isAdmin ? [
            { title: t('状态'), dataIndex: 'active', width: 70, render: (a: boolean) => (a ? <Tag color="green">{t('启用')}</Tag> : <Tag>{t('停用')}</Tag>) },
            { title: t('操作'), key: 'op', width: 80, render: (_: unknown, a: api.Article) => <Button size="small" type="link" onClick={() => setEdit({ a })}>{t('编辑')}</Button> },
          ] : []),
        ]}
      />
      {edit && (
        <EditDialog<V>
          width={720}
          title={edit.a ? t('编辑知识') : t('新建知识')}
          initial={edit.a ? { title: edit.a.title, body: edit.a.body, categoryId: edit.a.categoryId, active: edit.a.active } : { categoryId: null }}
          onClose={(saved) => {
            setEdit(null);
            if (saved) list.reload();
          }}
          save={(v) => (edit.a
            ? api.admin.updateArticle(edit.a.id, { title: v.title, body: v.body, categoryId: v.categoryId ?? null, active: v.active })
            : api.admin.createArticle({ title: v.title, body: v.body, categoryId: v.categoryId ?? null }))}
        >
          {() => <>
            <Form.Item name="title" label={t('标题')} rules={[{ required: true, whitespace: true }]}><Input id="kb-title" maxLength={200} /></Form.Item>
            <Form.Item name="categoryId" label={t('分类')}><CategoryPicker /></Form.Item>
            <Form.Item name="body" label={t('正文（答复口径）')} rules={[{ required: true, whitespace: true }]}><Input.TextArea id="kb-body" rows={8} maxLength={20000} /></Form.Item>
            {edit.a && <Form.Item name="active" label={t('启用')} valuePropName="checked"><Switch /></Form.Item>}
          </>}
        </EditDialog>
      )}
    </AdminPage>
  );
}
