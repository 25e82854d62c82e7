import { afterEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/react";
import { I18nProvider, LOCALE_STORAGE_KEY, useFormatDate, useT } from "../i18n";
import { StatusBar } from "./StatusBar";

function Probe() {
  const { t } = useT();
  const formatDate = useFormatDate();
  return (
    <p data-testid="probe">
      {t("start.create.title")} · {formatDate("2025-01-02T10:00:00Z")}
    </p>
  );
}

function renderBar(locale?: "en" | "zh-CN") {
  return render(
    <I18nProvider {...(locale ? { locale } : {})}>
      <Probe />
      <StatusBar state={{ kind: "unavailable" }} />
    </I18nProvider>,
  );
}

describe("LanguageSelect", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    localStorage.removeItem(LOCALE_STORAGE_KEY);
  });

  it("switches the UI to 简体中文 and back, and remembers the choice", () => {
    renderBar("en");
    const select = screen.getByTestId("language-select") as HTMLSelectElement;
    expect(select.value).toBe("en");
    expect(select.getAttribute("aria-label")).toBe("Language");
    expect([...select.options].map((o) => o.textContent)).toEqual(["English", "简体中文"]);
    expect(screen.getByTestId("probe").textContent).toContain("Create project");
    expect(screen.getByTestId("ort-status").textContent).toBe("ONNX Runtime not found· Backend unavailable");

    fireEvent.change(select, { target: { value: "zh-CN" } });
    expect(screen.getByTestId("probe").textContent).toContain("新建项目");
    // Dates follow the language too.
    expect(screen.getByTestId("probe").textContent).toContain("2025年1月2日");
    expect(screen.getByTestId("ort-status").textContent).toBe("未找到 ONNX Runtime· 后端不可用");
    expect(select.value).toBe("zh-CN");
    expect(select.getAttribute("aria-label")).toBe("语言");
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe("zh-CN");
    expect(document.documentElement.lang).toBe("zh-CN");

    fireEvent.change(select, { target: { value: "en" } });
    expect(screen.getByTestId("probe").textContent).toContain("Create project");
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe("en");
    expect(document.documentElement.lang).toBe("en");
  });

  it("starts in the saved language", () => {
    localStorage.setItem(LOCALE_STORAGE_KEY, "zh-CN");
    renderBar();
    expect(screen.getByTestId("probe").textContent).toContain("新建项目");
    expect((screen.getByTestId("language-select") as HTMLSelectElement).value).toBe("zh-CN");
  });

  it("starts in the system's language when none is saved", () => {
    vi.spyOn(navigator, "languages", "get").mockReturnValue(["zh-TW", "en"]);
    renderBar();
    expect(screen.getByTestId("probe").textContent).toContain("新建项目");
  });

  it("a pinned language wins over the saved one (tests pin English)", () => {
    localStorage.setItem(LOCALE_STORAGE_KEY, "zh-CN");
    renderBar("en");
    expect(screen.getByTestId("probe").textContent).toContain("Create project");
  });
});
