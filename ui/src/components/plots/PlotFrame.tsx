import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import { ErrorMessage } from "../ErrorMessage";
import { useAlive } from "../useAlive";
import { useT } from "../../i18n";
import { api, toFailure, type ApiFailure } from "../../lib/api";
import { CanvasUnavailable, sceneToPng } from "./canvas";
import { LIGHT_PALETTE, type Palette } from "./palette";
import type { Scene } from "./scene";
import { sceneToSvg } from "./svg";

/** The plots of the Explain and Train panels, as named in exported files and test ids. */
export type PlotId =
  | "importance"
  | "beeswarm"
  | "dependence"
  | "waterfall"
  | "force"
  | "interactions"
  | "roc"
  | "pr"
  | "calibration"
  | "confusion"
  | "residuals"
  | "curves"
  | "pareto";
export type ExportFormat = "png" | "svg";

/** The last export: which plot, and saving, saved (where) or failed (why). */
type ExportStatus =
  | { plot: PlotId; kind: "saving" }
  | { plot: PlotId; kind: "saved"; path: string }
  | { plot: PlotId; kind: "failed"; error: ApiFailure | string };

type Exporter = {
  /** Prefix of the export buttons' and status line's test ids (`<scope>-export-png-<plot>`). */
  scope: string;
  status: ExportStatus | null;
  save: (plot: PlotId, format: ExportFormat, build: (palette: Palette) => Scene) => void;
};

const ExportContext = createContext<Exporter>({ scope: "plot", status: null, save: () => {} });

/** The file an export encodes: the plot drawn in the light theme, as PNG bytes (2×) or SVG text. */
export async function encodeScene(scene: Scene, format: ExportFormat): Promise<Uint8Array | string> {
  return format === "png" ? sceneToPng(scene, 2) : sceneToSvg(scene);
}

/**
 * Lets the plots below save themselves as `exports/<plot>-<name>.<format>` in the project (`name`:
 * the model or run they show); their buttons' test ids start with `scope`.
 */
export function ExportProvider({ name, scope, children }: { name: string; scope: string; children: ReactNode }) {
  const { t } = useT();
  const alive = useAlive();
  const [status, setStatus] = useState<ExportStatus | null>(null);
  const save = useCallback(
    async (plot: PlotId, format: ExportFormat, build: (palette: Palette) => Scene) => {
      setStatus({ plot, kind: "saving" });
      try {
        const bytes = await encodeScene(build(LIGHT_PALETTE), format);
        const path = await api.saveExport(`${plot}-${name}`, format, bytes);
        if (alive.current) setStatus({ plot, kind: "saved", path });
      } catch (e) {
        if (alive.current)
          setStatus({ plot, kind: "failed", error: e instanceof CanvasUnavailable ? t("plot.export.noCanvas") : toFailure(e) });
      }
    },
    [alive, name, t],
  );
  const value = useMemo(() => ({ scope, status, save: (...a: Parameters<typeof save>) => void save(...a) }), [scope, status, save]);
  return <ExportContext.Provider value={value}>{children}</ExportContext.Provider>;
}

function ExportButtons({ plot, build }: { plot: PlotId; build: (palette: Palette) => Scene }) {
  const { t } = useT();
  const { scope, status, save } = useContext(ExportContext);
  const busy = status?.kind === "saving";
  return (
    <span className="plot-export">
      {(["png", "svg"] as const).map((format) => (
        <button
          key={format}
          type="button"
          className="button small-button"
          title={t(format === "png" ? "plot.export.pngTitle" : "plot.export.svgTitle")}
          disabled={busy}
          onClick={() => save(plot, format, build)}
          data-testid={`${scope}-export-${format}-${plot}`}
        >
          {t(format === "png" ? "plot.export.png" : "plot.export.svg")}
        </button>
      ))}
    </span>
  );
}

function ExportStatusLine({ plot }: { plot: PlotId }) {
  const { t } = useT();
  const { scope, status } = useContext(ExportContext);
  if (status?.plot !== plot) return null;
  return (
    <div className="plot-export-status" role="status" data-testid={`${scope}-export-status`}>
      {status.kind === "saving" && <span className="muted">{t("plot.export.saving")}</span>}
      {status.kind === "saved" && <span>{t("plot.export.saved", { path: status.path })}</span>}
      {status.kind === "failed" &&
        (typeof status.error === "string" ? (
          <span className="plot-export-failed">{status.error}</span>
        ) : (
          <ErrorMessage error={status.error} />
        ))}
    </div>
  );
}

/**
 * A plot's frame: its title, controls and PNG/SVG buttons above, a hint and the last export's
 * status below. `build` draws the plot in a palette (the export uses the light theme).
 */
export function PlotFrame({
  plot,
  title,
  build,
  testId,
  controls,
  hint,
  children,
}: {
  plot: PlotId;
  title: string;
  build: (palette: Palette) => Scene;
  testId?: string;
  controls?: ReactNode;
  hint?: string;
  children: ReactNode;
}) {
  return (
    <figure className="plot-frame" data-testid={testId}>
      <figcaption className="plot-head">
        <span className="section-title">{title}</span>
        {controls}
        <ExportButtons plot={plot} build={build} />
      </figcaption>
      {children}
      {hint && <p className="muted small plot-hint">{hint}</p>}
      <ExportStatusLine plot={plot} />
    </figure>
  );
}
