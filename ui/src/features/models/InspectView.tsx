import { WarningIcon } from "../../components/icons";
import { useT } from "../../i18n";
import type { IoInfo, MetadataEntry, ModelInfo, ModelInspection, NodeInfo, OpCount } from "../../lib/api";
import { formatBytes, formatCount } from "../data/format";
import { Meta } from "../../components/Meta";
import { shapeText } from "./labels";

/** Operators drawn as bars; the rest are counted under them. */
export const MAX_OP_BARS = 25;
/** Nodes listed (the backend sends at most this many too). */
export const MAX_NODES = 200;

/** What the ONNX file holds: producer, opsets, size, inputs and outputs, operators, metadata, nodes. */
export function InspectView({ model, inspection }: { model: ModelInfo; inspection: ModelInspection }) {
  const { t, locale } = useT();
  const graph = inspection.inspection;
  const provider = inspection.provider;
  const opsets = graph.opsets.map((o) => `${o.domain} ${o.version}`).join(" · ");
  return (
    <section className="models-section" aria-label={t("models.inspect")} data-testid="model-inspect">
      <h2 className="section-title">{t("models.inspect")}</h2>
      <dl className="train-result-meta">
        <Meta label={t("models.producer")} value={graph.producer || t("models.unknown")} testId="inspect-producer" />
        <Meta label={t("models.irVersion")} value={String(graph.irVersion)} testId="inspect-ir" />
        <Meta label={t("models.opsets")} value={opsets || "—"} testId="inspect-opsets" />
        <Meta label={t("models.fileSize")} value={formatBytes(graph.fileBytes, t, locale)} />
        <Meta
          label={t("models.parameters")}
          value={t("models.parametersValue", {
            count: formatCount(graph.parameters, locale),
            size: formatBytes(graph.parameterBytes, t, locale),
          })}
          testId="inspect-parameters"
        />
        <Meta label={t("models.nodes")} value={formatCount(graph.nodes, locale)} />
        <Meta label={t("models.runsOn")} value={t(`provider.${provider.active}`)} testId="inspect-provider" />
        {model.imported && <Meta label={t("models.source")} value={model.imported.source} />}
      </dl>
      {provider.fallbackReason && (
        <p className="models-warning" data-testid="inspect-fallback">
          <WarningIcon size={13} />
          <span>{t("models.fallback", { requested: t(`provider.${provider.requested}`), reason: provider.fallbackReason })}</span>
        </p>
      )}
      {graph.doc && <p className="muted small">{graph.doc}</p>}
      <IoTable title={t("models.inputs")} values={graph.inputs} testId="inspect-inputs" />
      <IoTable title={t("models.outputs")} values={graph.outputs} testId="inspect-outputs" />
      {graph.classLabels.length > 0 && (
        <p className="small" data-testid="inspect-classes">
          <span className="muted">{t("models.classLabels")}</span> {graph.classLabels.join(", ")}
        </p>
      )}
      {graph.featureNames.length > 0 && (
        <p className="small" data-testid="inspect-features">
          <span className="muted">{t("models.featureNames")}</span> {graph.featureNames.join(", ")}
        </p>
      )}
      {graph.ops.length > 0 && <OpHistogram ops={graph.ops} />}
      {graph.metadata.length > 0 && <MetadataTable entries={graph.metadata} />}
      {graph.nodeList.length > 0 && <NodeList nodes={graph.nodeList} total={graph.nodes} />}
    </section>
  );
}

function IoTable({ title, values, testId }: { title: string; values: IoInfo[]; testId: string }) {
  const { t } = useT();
  return (
    <div>
      <h3 className="section-title">{title}</h3>
      <table className="model-table" data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">{t("models.io.name")}</th>
            <th scope="col">{t("models.io.type")}</th>
            <th scope="col">{t("models.io.shape")}</th>
          </tr>
        </thead>
        <tbody>
          {values.map((v) => (
            <tr key={v.name}>
              <td className="model-name">{v.name}</td>
              <td className="models-mono">{v.ty}</td>
              <td className="models-mono">{shapeText(v.shape)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Operator counts as horizontal bars, most frequent first. */
function OpHistogram({ ops }: { ops: OpCount[] }) {
  const { t, locale } = useT();
  const shown = ops.slice(0, MAX_OP_BARS);
  const peak = Math.max(1, ...shown.map((o) => o.count));
  const rest = ops.length - shown.length;
  return (
    <div>
      <h3 className="section-title">{t("models.ops")}</h3>
      <div className="top-values models-ops" role="list" aria-label={t("models.ops")} data-testid="op-histogram">
        {shown.map((o) => (
          <div
            key={o.op}
            className="top-value"
            role="listitem"
            data-testid="op-bar"
            title={t("models.opCount", { op: o.op, count: formatCount(o.count, locale) })}
          >
            <span className="top-value-bar" style={{ width: `${(o.count / peak) * 100}%` }} />
            <span className="top-value-label">{o.op}</span>
            <span className="top-value-count">{formatCount(o.count, locale)}</span>
          </div>
        ))}
        {rest > 0 && <div className="muted small">{t("models.opsMore", { count: formatCount(rest, locale) })}</div>}
      </div>
    </div>
  );
}

function MetadataTable({ entries }: { entries: MetadataEntry[] }) {
  const { t } = useT();
  return (
    <div>
      <h3 className="section-title">{t("models.metadata")}</h3>
      <table className="model-table" data-testid="inspect-metadata">
        <tbody>
          {entries.map((m, i) => (
            <tr key={i}>
              <th scope="row">{m.key}</th>
              <td className="models-wrap">{m.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The main graph's first nodes, folded away until asked for. */
function NodeList({ nodes, total }: { nodes: NodeInfo[]; total: number }) {
  const { t, locale } = useT();
  const shown = nodes.slice(0, MAX_NODES);
  return (
    <details className="models-nodes" data-testid="node-list">
      <summary>
        {shown.length < total
          ? t("models.nodeListSome", { shown: formatCount(shown.length, locale), total: formatCount(total, locale) })
          : t("models.nodeList", { count: formatCount(shown.length, locale) })}
      </summary>
      <table className="model-table">
        <thead>
          <tr>
            <th scope="col">{t("models.node.index")}</th>
            <th scope="col">{t("models.node.name")}</th>
            <th scope="col">{t("models.node.op")}</th>
            <th scope="col">{t("models.node.inputs")}</th>
            <th scope="col">{t("models.node.outputs")}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((n, i) => (
            <tr key={i} data-testid="node-row">
              <td>{formatCount(i + 1, locale)}</td>
              <td>{n.name || "—"}</td>
              <td className="model-name">{n.op}</td>
              <td className="models-mono">{n.inputs.join(", ")}</td>
              <td className="models-mono">{n.outputs.join(", ")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
