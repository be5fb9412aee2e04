import { useNavigate } from 'react-router-dom';
import { Button, Card, Space, Typography } from 'antd';
import { EditOutlined, SearchOutlined } from '@ant-design/icons';
import { useI18n } from '../shared/i18n.tsx';
import { myRequests } from './mine.ts';

export function Home() {
  const { t } = useI18n();
  const nav = useNavigate();
  const mine = myRequests();
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Paragraph style={{ margin: '4px 0 0' }}>{t('您反映的问题会转到责任单位办理，办理结果会答复您。')}</Typography.Paragraph>
      <Button type="primary" block className="big-action" icon={<EditOutlined />} onClick={() => nav('/submit')} data-testid="go-submit">
        {t('我要反映')}<span className="sub">{t('咨询、求助、投诉、举报、建议')}</span>
      </Button>
      <Button block className="big-action" icon={<SearchOutlined />} onClick={() => nav('/track')} data-testid="go-track">
        {t('查询办理进度')}<span className="sub">{t('凭工单编号和校验码查询、评价')}</span>
      </Button>
      {mine.length > 0 && (
        <Card size="small" title={t('我在本机提交的诉求')}>
          {mine.map((m) => (
            <div key={m.code} className="side-item">
              <a onClick={() => nav('/track', { state: { code: m.code, check: m.check } })}>{m.code}</a> <span className="muted">{m.title}</span>
            </div>
          ))}
        </Card>
      )}
    </Space>
  );
}
