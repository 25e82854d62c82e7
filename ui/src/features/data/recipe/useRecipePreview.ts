import { useEffect, useState } from "react";
import { api, toFailure, type ApiFailure, type RecipePreview, type Step } from "../../../lib/api";
import { useDebounced } from "../../../components/useDebounced";
import type { RecipeFit } from "./recipeSteps";

/** How long the steps must stay the same before they are previewed. */
export const PREVIEW_DELAY_MS = 400;
/** Prepared rows a preview shows. */
export const PREVIEW_ROWS = 20;

/** The backend's answer for one list of steps (`key`: the steps as JSON). */
export type PreviewAnswer =
  | { key: string; ok: true; preview: RecipePreview }
  | { key: string; ok: false; error: ApiFailure };

/**
 * Previews `steps` on dataset version `dataset` once they have stayed the same for
 * `PREVIEW_DELAY_MS` (null or none: nothing to preview). `answer` is the latest answer, `current`
 * whether it is for the steps as they are now, `pending` whether newer steps wait for theirs; an
 * answer for steps changed since it was asked for is dropped. Each successful preview's fitted
 * steps go to `onFit` (keep it stable).
 */
export function useRecipePreview(
  dataset: string,
  steps: Step[] | null,
  onFit: (fit: RecipeFit) => void,
): { answer: PreviewAnswer | null; current: boolean; pending: boolean } {
  const key = steps && steps.length > 0 ? JSON.stringify(steps) : "";
  const settled = useDebounced(key, PREVIEW_DELAY_MS);
  const [answer, setAnswer] = useState<PreviewAnswer | null>(null);

  useEffect(() => {
    if (settled === "") return;
    let live = true;
    const asked = JSON.parse(settled) as Step[];
    api.previewRecipe(dataset, asked, PREVIEW_ROWS).then(
      (preview) => {
        if (!live) return;
        setAnswer({ key: settled, ok: true, preview });
        onFit({ steps: asked, fitted: preview.fitted });
      },
      (e: unknown) => live && setAnswer({ key: settled, ok: false, error: toFailure(e) }),
    );
    return () => {
      // The steps changed (or the editor went away): this answer is stale.
      live = false;
    };
  }, [dataset, settled, onFit]);

  const current = key !== "" && answer?.key === key;
  return { answer: key === "" ? null : answer, current, pending: key !== "" && !current };
}
