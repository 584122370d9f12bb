import { Collapse } from 'antd';
import { useState } from 'react';
import { useExchangeInfo } from '../../hooks/exchange.queries';
import { useChooseIdentity } from '../../hooks/task.queries';
import { PackageImportPanel } from './PackageImportPanel';

/**
 * At first run on a new install: a unit's PC off the network starts from the office's 下发包 instead of the built-in
 * plan with nothing assigned. Once applied, the install is that unit's and the window acts as that unit.
 */
export function FirstRunDispatchImport() {
  const info = useExchangeInfo();
  const choose = useChooseIdentity();
  // Offered while the install is new, and kept while its import finishes: the import itself makes the install not new.
  const [offered, setOffered] = useState(false);
  if (info.data?.fresh && !offered) setOffered(true);
  if (!offered) return null;
  return (
    <Collapse
      style={{ marginBottom: 16 }}
      items={[
        {
          key: 'dispatch',
          label: '这台电脑不联网、由领导小组办公室下发任务？导入下发包',
          children: <PackageImportPanel kind="dispatch" onApplied={(_result, preview) => choose.mutate({ role: 'unit', unitId: preview.unitId, person: '' })} />,
        },
      ]}
    />
  );
}
