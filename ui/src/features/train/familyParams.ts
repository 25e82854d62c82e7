// The hyper-parameters the Train form offers per model family, and a run's values of them.
import type { ModelFamily } from "../../lib/api";

/** The common hyper-parameters offered per family (anything else keeps the backend default). */
export const FAMILY_PARAMS: Record<ModelFamily, readonly { name: string; hint: string }[]> = {
  gbdt: [
    { name: "num_iterations", hint: "100" },
    { name: "learning_rate", hint: "0.1" },
    { name: "num_leaves", hint: "31" },
  ],
  linear: [{ name: "l2", hint: "" }],
  mlp: [
    { name: "hidden", hint: "[64]" },
    { name: "max_epochs", hint: "" },
  ],
};

/** The values `params` gives to the form's parameters of `family`, in the form's order. */
export function keyParams(family: string, params: Record<string, string>): { name: string; value: string }[] {
  const offered = (FAMILY_PARAMS as Record<string, readonly { name: string }[] | undefined>)[family] ?? [];
  return offered.flatMap(({ name }) => {
    const value = params[name];
    return value === undefined ? [] : [{ name, value }];
  });
}
