import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { ACCOUNT_ROLES, ROLE_NAMES, type Role } from '../../../../src-main/api/access';
import type { AccountImportPreview, AccountRow } from '../../../../src-main/api/accounts.types';
import { useApi } from '../../api/ApiProvider';
import { saveExportedFile } from '../../hooks/excel.queries';
import { toBase64 } from '../../hooks/plan-import.queries';
import { useAllUnits, useChannelMutation } from '../../hooks/task.queries';

/**
 * 账号管理 (系统管理员): the accounts, one new account at a time, or many from an Excel list (单位, 姓名, 账号, 角色)
 * checked and previewed before anything is created. Initial and reset passwords are shown once, here, and never again.
 */
export function AccountsPanel() {
  const api = useApi();
  const { message } = App.useApp();
  const accounts = useQuery({ queryKey: ['accounts.list'], queryFn: () => api.call('accounts.list', {}) });
  const units = useAllUnits();
  const create = useChannelMutation('accounts.create');
  const reset = useChannelMutation('accounts.resetPassword');
  const unlock = useChannelMutation('accounts.unlock');
  const update = useChannelMutation('accounts.update');
  const [issued, setIssued] = useState<{ login: string; password: string } | null>(null);
  const [form] = Form.useForm<{ login: string; name: string; role: Role; unitId?: number }>();
  const role = Form.useWatch('role', form);

  const unitOptions = (units.data ?? []).filter((unit) => unit.kind !== 'office' && !unit.retired).map((unit) => ({ value: unit.id, label: unit.name }));
  const columns = [
    { title: '账号', dataIndex: 'login' },
    { title: '姓名', dataIndex: 'name' },
    { title: '角色', dataIndex: 'role', render: (value: Role) => ROLE_NAMES[value] },
    { title: '单位', dataIndex: 'unitName', render: (value: string | null) => value ?? '—' },
    {
      title: '状态',
      render: (_: unknown, row: AccountRow) => (
        <Space size={4}>
          {row.disabled && <Tag>已停用</Tag>}
          {row.lockedUntil && <Tag color="red">已锁定</Tag>}
          {row.mustChangePassword && <Tag color="orange">待改初始密码</Tag>}
          {!row.disabled && !row.lockedUntil && !row.mustChangePassword && <Tag color="green">正常</Tag>}
        </Space>
      ),
    },
    {
      title: '操作',
      render: (_: unknown, row: AccountRow) => (
        <Space size={4}>
          <Button size="small" onClick={async () => {
            const result = await reset.mutateAsync({ id: row.id });
            setIssued({ login: result.account.login, password: result.initialPassword });
          }}>重置密码</Button>
          {row.lockedUntil && <Button size="small" onClick={() => void unlock.mutateAsync({ id: row.id }).then(() => message.success(`已解锁“${row.login}”`))}>解锁</Button>}
          <Button size="small" onClick={() => void update.mutateAsync({ id: row.id, name: row.name, role: row.role, unitId: row.unitId, disabled: !row.disabled }).catch((error: Error) => message.error(error.message))}>
            {row.disabled ? '启用' : '停用'}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      {issued && (
        <Alert
          type="warning"
          showIcon
          closable
          onClose={() => setIssued(null)}
          message={<span data-testid="issued-password">账号“{issued.login}”的初始密码：<Typography.Text code copyable>{issued.password}</Typography.Text></span>}
          description="只显示这一次。请告知本人；首次登录须修改密码。"
        />
      )}
      <Form
        form={form}
        layout="inline"
        onFinish={async (values) => {
          try {
            const result = await create.mutateAsync({ login: values.login, name: values.name, role: values.role, unitId: values.unitId ?? null });
            setIssued({ login: result.account.login, password: result.initialPassword });
            form.resetFields();
          } catch (error) {
            message.error((error as Error).message);
          }
        }}
      >
        <Form.Item name="login" rules={[{ required: true, message: '请输入账号' }]}>
          <Input placeholder="账号（字母、数字）" aria-label="账号" />
        </Form.Item>
        <Form.Item name="name" rules={[{ required: true, message: '请输入姓名' }]}>
          <Input placeholder="姓名" aria-label="姓名" />
        </Form.Item>
        <Form.Item name="role" rules={[{ required: true, message: '请选择角色' }]}>
          <Select placeholder="角色" aria-label="角色" style={{ width: 130 }} options={ACCOUNT_ROLES.map((value) => ({ value, label: ROLE_NAMES[value] }))} />
        </Form.Item>
        {(role === 'unit' || role === 'reviewer') && (
          <Form.Item name="unitId" rules={[{ required: true, message: '请选择单位' }]}>
            <Select placeholder="所属单位" aria-label="所属单位" showSearch optionFilterProp="label" style={{ width: 200 }} options={unitOptions} />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" loading={create.isPending}>
          新建账号
        </Button>
      </Form>
      <BulkImport />
      <Table rowKey="id" size="small" loading={accounts.isPending} dataSource={accounts.data ?? []} columns={columns} pagination={{ pageSize: 20 }} />
    </Space>
  );
}

/** 批量导入: choose the list, see every line checked, create the valid ones, take the passwords once. */
function BulkImport() {
  const { message } = App.useApp();
  const preview = useChannelMutation('accounts.importPreview');
  const apply = useChannelMutation('accounts.importApply');
  const [upload, setUpload] = useState<{ fileName: string; contentBase64: string } | null>(null);
  const [result, setResult] = useState<AccountImportPreview | null>(null);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space>
        <Upload
          accept=".xlsx"
          showUploadList={false}
          beforeUpload={async (file) => {
            const chosen = { fileName: file.name, contentBase64: toBase64(new Uint8Array(await file.arrayBuffer())) };
            setUpload(chosen);
            try {
              setResult(await preview.mutateAsync(chosen));
            } catch (error) {
              message.error((error as Error).message);
            }
            return false;
          }}
        >
          <Button loading={preview.isPending}>从 Excel 批量导入（单位、姓名、账号、角色）</Button>
        </Upload>
        {result && upload && (
          <Button
            type="primary"
            disabled={result.valid === 0}
            loading={apply.isPending}
            onClick={async () => {
              const applied = await apply.mutateAsync({ ...upload, digest: result.digest });
              saveExportedFile(applied.passwords);
              message.success(`已创建 ${applied.created.length} 个账号${applied.skipped ? `，跳过 ${applied.skipped} 行有问题的` : ''}；初始密码表已下载（只提供这一次）。`);
              setResult(null);
              setUpload(null);
            }}
          >
            导入 {result.valid} 个有效账号
          </Button>
        )}
      </Space>
      {result && (
        <Table
          size="small"
          rowKey="row"
          pagination={false}
          scroll={{ y: 300 }}
          dataSource={result.lines}
          columns={[
            { title: '行', dataIndex: 'row', width: 60 },
            { title: '单位', dataIndex: 'unitName' },
            { title: '姓名', dataIndex: 'name' },
            { title: '账号', dataIndex: 'login' },
            { title: '角色', dataIndex: 'roleName' },
            { title: '检查结果', dataIndex: 'problems', render: (problems: string[]) => (problems.length ? <Typography.Text type="danger">{problems.join('；')}</Typography.Text> : <Tag color="green">可导入</Tag>) },
          ]}
        />
      )}
    </Space>
  );
}
