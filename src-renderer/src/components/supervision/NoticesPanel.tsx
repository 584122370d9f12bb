import { App, Button, Card, DatePicker, Drawer, Form, Input, Modal, Select, Space, Table, Tag, Timeline, Typography, type UploadFile } from 'antd';
import type dayjs from 'dayjs';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { NOTICE_STATE_LABELS, type NoticeLevel, type NoticeRow } from '../../../../src-main/api/notices.types';
import { useAppInfo, usePlans } from '../../hooks/queries';
import { useNotice, useNotices } from '../../hooks/supervision.queries';
import { useAllUnits, useChannelMutation, useIdentity, useTaskList } from '../../hooks/task.queries';
import { NoticeFormButton } from '../circulars/RoundCircularButton';
import { EscalationRuleButton, NoticeEscalationInfo } from '../escalation/NoticeEscalation';
import { keepEnterInDateFields } from '../forms/date-keys';
import { notPast } from '../forms/date-rules';
import { charLimit, labelFieldsIn, NOTICE_FIELD_LABELS } from '../forms/field-labels';
import { useInFlight } from '../forms/in-flight';
import { QueryError } from '../QueryError';
import { useApi } from '../../api/ApiProvider';
import { FileLinks, FilePicker, uploadsOf } from '../forms/AttachedFiles';
import { ExportListButton } from '../reports/ExportListButton';

const LEVEL_COLORS: Record<NoticeLevel, string> = { 蓝: 'blue', 黄: 'gold', 红: 'red' };

/** 督办事项: the notices, overdue ones first in colour, and each notice's life in a drawer. */
export function NoticesPanel() {
  const identity = useIdentity();
  const isOffice = identity.data?.role === 'office';
  const filter = isOffice || !identity.data?.unitId ? {} : { unitId: identity.data.unitId };
  const notices = useNotices(filter);
  // 待办 links here with ?noticeId= to open one notice.
  const [params] = useSearchParams();
  const [openId, setOpenId] = useState<number | null>(() => Number(params.get('noticeId')) || null);
  const [issuing, setIssuing] = useState(false);

  return (
    <Card
      size="small"
      extra={
        <Space>
          {isOffice && <EscalationRuleButton />}
          {isOffice && (
            <Button type="primary" onClick={() => setIssuing(true)}>
              发起督办
            </Button>
          )}
          <ExportListButton input={{ list: 'notices', filter }} />
        </Space>
      }
      title={`督办事项（${notices.data?.length ?? 0} 件，逾期 ${notices.data?.filter((n) => n.overdue).length ?? 0} 件）`}
    >
      {notices.error && <QueryError error={notices.error} />}
      <Table<NoticeRow>
        aria-label="督办事项"
        rowKey="id"
        size="small"
        loading={notices.isLoading}
        dataSource={notices.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: '暂无督办事项' }}
        rowClassName={(row) => (row.overdue ? 'notice-overdue' : '')}
        columns={[
          { title: '督办编号', dataIndex: 'number', width: 150, render: (n: string, row) => <Typography.Link role="link" onClick={() => setOpenId(row.id)}>{n}</Typography.Link> },
          {
            // The level today: raised 蓝→黄→红 by the office's rule while unanswered past the reply date.
            title: '等级',
            dataIndex: 'escalatedLevel',
            width: 120,
            render: (l: NoticeLevel, row) => (
              <Space size={2} wrap>
                <Tag color={LEVEL_COLORS[l]}>{l}色</Tag>
                {l !== row.level && <span style={{ fontSize: 12 }}>由{row.level}升级</span>}
              </Space>
            ),
          },
          { title: '督办单位', dataIndex: 'unitName', width: 140 },
          { title: '督办任务', render: (_: unknown, row) => row.tasks.map((t) => t.code).join('、') },
          { title: '督办事由', dataIndex: 'reason', ellipsis: true },
          { title: '反馈期限', dataIndex: 'replyDue', width: 110 },
          {
            title: '状态',
            width: 170,
            render: (_: unknown, row) => (
              <Space size={4}>
                <Tag color={row.state === 'closed' ? 'success' : 'processing'}>{NOTICE_STATE_LABELS[row.state]}</Tag>
                {row.overdue && <Tag color="error">逾期</Tag>}
              </Space>
            ),
          },
        ]}
      />
      <NoticeDrawer noticeId={openId} onClose={() => setOpenId(null)} />
      {issuing && <IssueNoticeModal onClose={() => setIssuing(false)} />}
    </Card>
  );
}

function NoticeDrawer({ noticeId, onClose }: { noticeId: number | null; onClose: () => void }) {
  const { message } = App.useApp();
  const notice = useNotice(noticeId);
  const identity = useIdentity();
  const sign = useChannelMutation('notices.sign');
  const reply = useChannelMutation('notices.reply');
  const review = useChannelMutation('notices.review');
  const api = useApi();
  const [text, setText] = useState('');
  // The stamped scan of the reply (and any other documents), sent with the 反馈.
  const [files, setFiles] = useState<UploadFile[]>([]);
  const replying = useInFlight();
  const n = notice.data;
  const isOffice = identity.data?.role === 'office';
  // The office may record a step for a unit that has no copy of the app (signed or answered on paper).
  const isAddressee = !!n && (isOffice || identity.data?.unitId === n.unitId);
  const done = { onSuccess: () => (setText(''), setFiles([])), onError: (e: Error) => message.error(e.message) };

  return (
    <Drawer open={noticeId !== null} onClose={onClose} size={720} title={n ? `督办单 ${n.number}` : '督办单'} destroyOnHidden>
      {notice.error && <QueryError error={notice.error} />}
      {n && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Space wrap>
            <Tag color={LEVEL_COLORS[n.level]}>{n.level}色督办</Tag>
            <Tag aria-label="督办状态">{NOTICE_STATE_LABELS[n.state]}</Tag>
            {n.overdue && <Tag color="error">已逾期</Tag>}
            <span>督办单位：{n.unitName}</span>
            <span>反馈期限：{n.replyDue}</span>
            {isOffice && <NoticeFormButton noticeId={n.id} />}
          </Space>
          <NoticeEscalationInfo noticeId={n.id} />
          <Typography.Paragraph>
            <b>督办事由：</b>
            {n.reason}
            <br />
            <b>督办要求：</b>
            {n.requirement}
            <br />
            <b>涉及任务：</b>
            {n.tasks.map((t) => `${t.code} ${t.text}`).join('；')}
          </Typography.Paragraph>
          <Timeline
            aria-label="办理过程"
            items={n.steps.map((s) => ({
              color: s.action === '退回' ? 'red' : s.action === '办结' ? 'green' : 'blue',
              children: (
                <span>
                  <b>{s.action}</b> {s.actor} · {new Date(s.createdAt).toLocaleString('zh-CN')}
                  {s.content && <div style={{ whiteSpace: 'pre-wrap' }}>{s.content}</div>}
                  <FileLinks files={s.attachments} read={(id) => api.call('notices.readAttachment', { id })} />
                </span>
              ),
            }))}
          />
          {isAddressee && n.state === 'issued' && (
            <Button type="primary" loading={sign.isPending} onClick={() => sign.mutate({ id: n.id }, done)}>
              {isOffice ? '代单位签收' : '签收'}
            </Button>
          )}
          {isAddressee && (n.state === 'signed' || n.state === 'returned') && (
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Input.TextArea aria-label="反馈内容" autoSize={{ minRows: 3 }} value={text} onChange={(e) => setText(e.target.value)} placeholder="写明整改措施和进展" />
              <Space align="start" wrap>
                <FilePicker files={files} onChange={setFiles} label="附反馈材料（盖章扫描件）" />
              </Space>
              <Button
                type="primary"
                loading={replying.busy}
                onClick={() => void replying.run(async () => reply.mutateAsync({ id: n.id, content: text, attachments: await uploadsOf(files) }).then(done.onSuccess, done.onError))}
              >
                {isOffice ? '代单位录入反馈' : '提交反馈'}
              </Button>
            </Space>
          )}
          {isOffice && n.state === 'replied' && (
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Input.TextArea aria-label="审核意见" autoSize={{ minRows: 2 }} value={text} onChange={(e) => setText(e.target.value)} placeholder="审核意见（退回时必填）" />
              <Space>
                <Button type="primary" loading={review.isPending} onClick={() => review.mutate({ id: n.id, accept: true, comment: text }, done)}>
                  审核通过，办结
                </Button>
                <Button danger loading={review.isPending} onClick={() => review.mutate({ id: n.id, accept: false, comment: text }, done)}>
                  退回重新反馈
                </Button>
              </Space>
            </Space>
          )}
        </Space>
      )}
    </Drawer>
  );
}

interface IssueValues {
  taskIds: number[];
  unitIds: number[];
  level: NoticeLevel;
  reason: string;
  requirement: string;
  replyDue: dayjs.Dayjs;
}

function IssueNoticeModal({ onClose }: { onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<IssueValues>();
  const plans = usePlans();
  const tasks = useTaskList({ planId: plans.data?.[0]?.id }, plans.data !== undefined);
  const units = useAllUnits();
  const issue = useChannelMutation('notices.issue');
  const issueMany = useChannelMutation('notices.issueMany');
  const sending = useInFlight();
  const today = useAppInfo().data?.today;
  // One notice per click: a double click must not issue 督办〔2026〕2号 and 3号 for the same thing.
  const send = () =>
    sending.run(async () => {
      const { unitIds, ...values } = await form.validateFields();
      const content = { ...values, replyDue: values.replyDue.format('YYYY-MM-DD') };
      // Several units: one notice (one 文号) each, issued together or not at all.
      const sent = unitIds.length === 1 ? issue.mutateAsync({ ...content, unitId: unitIds[0]! }).then((one) => [one]) : issueMany.mutateAsync({ ...content, unitIds }).then((many) => many.notices);
      await sent.then(
        (created) => (message.success(`已发出 ${created.map((notice) => notice.number).join('、')}`), onClose()),
        (e: Error) => message.error(labelFieldsIn(e.message, NOTICE_FIELD_LABELS)),
      );
    });
  const reasonLimit = charLimit('督办事由', 1000);
  const requirementLimit = charLimit('督办要求', 1000);

  return (
    <Modal
      open
      title="发起督办"
      okText="发出督办单"
      cancelText="取消"
      width={680}
      confirmLoading={sending.busy}
      onOk={() => void send()}
      onCancel={onClose}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ level: '黄' }}
        onKeyDown={keepEnterInDateFields}
        onValuesChange={(changed: Partial<IssueValues>) => {
          // The unit defaults to the lead unit of the first task chosen.
          const first = changed.taskIds?.[0];
          const lead = tasks.data?.rows.find((t) => t.id === first)?.leadUnit;
          if (lead && !(form.getFieldValue('unitIds') as number[] | undefined)?.length) form.setFieldValue('unitIds', [lead.id]);
        }}
      >
        <Form.Item name="taskIds" label="督办任务" rules={[{ required: true, message: '请选择任务' }]}>
          <Select
            mode="multiple"
            showSearch
            optionFilterProp="label"
            aria-label="督办任务"
            placeholder="输入编号或内容查找"
            options={(tasks.data?.rows ?? []).map((t) => ({ value: t.id, label: `${t.code} ${t.text}` }))}
          />
        </Form.Item>
        <Form.Item name="unitIds" label="督办单位" extra="可选多个单位：每个单位各发一份督办单，各有文号。" rules={[{ required: true, message: '请选择单位' }]}>
          <Select
            mode="multiple"
            showSearch
            optionFilterProp="label"
            aria-label="督办单位"
            options={(units.data ?? []).filter((u) => !u.retired && u.kind !== 'office').map((u) => ({ value: u.id, label: u.name }))}
          />
        </Form.Item>
        <Form.Item name="level" label="督办等级">
          <Select aria-label="督办等级" options={(['蓝', '黄', '红'] as const).map((l) => ({ value: l, label: `${l}色督办` }))} />
        </Form.Item>
        <Form.Item name="reason" label="督办事由" rules={[{ required: true, whitespace: true, message: '请填写督办事由' }, reasonLimit.rule]}>
          <Input.TextArea autoSize={{ minRows: 2 }} aria-label="督办事由" count={reasonLimit.count} />
        </Form.Item>
        <Form.Item name="requirement" label="督办要求" rules={[{ required: true, whitespace: true, message: '请填写督办要求' }, requirementLimit.rule]}>
          <Input.TextArea autoSize={{ minRows: 2 }} aria-label="督办要求" count={requirementLimit.count} />
        </Form.Item>
        <Form.Item name="replyDue" label="反馈期限" rules={[{ required: true, message: '请选择反馈期限' }, notPast(today, '反馈期限')]}>
          <DatePicker aria-label="反馈期限" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
