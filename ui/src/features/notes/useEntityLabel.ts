import { useCallback } from "react";
import { useT } from "../../i18n";
import { useDataStore } from "../data/dataStore";
import { useModelsStore } from "../models/modelsStore";
import { entityLabel } from "./notesText";

/**
 * Labels what notes are attached to ("Model: churn-gbdt", "Dataset: sales@2") with the models and
 * datasets the stores hold; an entity they do not list shows its id.
 */
export function useEntityLabel(): (kind: string, id: string | null) => string {
  const { t } = useT();
  const { models } = useModelsStore();
  const { datasets } = useDataStore();
  const modelList = models.kind === "loaded" ? models.items : EMPTY;
  const datasetList = datasets.kind === "loaded" ? datasets.items : EMPTY;
  return useCallback((kind, id) => entityLabel(kind, id, modelList, t, datasetList), [modelList, datasetList, t]);
}

const EMPTY: never[] = [];
