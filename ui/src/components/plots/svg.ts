// Writes a scene as a standalone SVG document (the SVG export).
import { FONT } from "./layout";
import { painted, pointsText, type Paint, type Scene, type SceneItem } from "./scene";

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** A coordinate with at most 2 decimals. */
function n(v: number): string {
  return Number.isFinite(v) ? String(Math.round(v * 100) / 100) : "0";
}

function paint(p: Paint): string {
  let out = ` fill="${escape(p.fill ?? "none")}"`;
  if (p.stroke !== undefined) out += ` stroke="${escape(p.stroke)}" stroke-width="${n(p.strokeWidth ?? 1)}"`;
  if (p.dash?.length) out += ` stroke-dasharray="${p.dash.map(n).join(" ")}"`;
  if (p.opacity !== undefined && p.opacity < 1) out += ` opacity="${n(p.opacity)}"`;
  return out;
}

function item(it: SceneItem, indent: string): string {
  switch (it.kind) {
    case "group": {
      const inner = it.items.map((child) => item(child, `${indent}  `)).filter((s) => s !== "");
      if (inner.length === 0) return "";
      const title = it.title ? `${indent}  <title>${escape(it.title)}</title>\n` : "";
      return `${indent}<g>\n${title}${inner.join("\n")}\n${indent}</g>`;
    }
    case "text": {
      const anchor = it.anchor && it.anchor !== "start" ? ` text-anchor="${it.anchor}"` : "";
      const weight = it.weight === "bold" ? ` font-weight="600"` : "";
      const italic = it.italic ? ` font-style="italic"` : "";
      const rotate = it.rotate ? ` transform="rotate(${n(it.rotate)} ${n(it.x)} ${n(it.y)})"` : "";
      return `${indent}<text x="${n(it.x)}" y="${n(it.y)}" font-size="${n(it.size)}" fill="${escape(it.fill)}"${anchor}${weight}${italic}${rotate}>${escape(it.text)}</text>`;
    }
    default:
      if (!painted(it)) return "";
      switch (it.kind) {
        case "rect":
          return `${indent}<rect x="${n(it.x)}" y="${n(it.y)}" width="${n(it.width)}" height="${n(it.height)}"${it.radius ? ` rx="${n(it.radius)}"` : ""}${paint(it)}/>`;
        case "circle":
          return `${indent}<circle cx="${n(it.x)}" cy="${n(it.y)}" r="${n(it.r)}"${paint(it)}/>`;
        case "line":
          return `${indent}<line x1="${n(it.x1)}" y1="${n(it.y1)}" x2="${n(it.x2)}" y2="${n(it.y2)}"${paint({ ...it, fill: undefined })}/>`;
        case "polygon":
          return `${indent}<polygon points="${pointsText(it.points, n)}"${paint(it)}/>`;
        case "polyline":
          return `${indent}<polyline points="${pointsText(it.points, n)}"${paint({ ...it, fill: undefined })}/>`;
      }
  }
}

/** The scene as an SVG file: its size, a title, a background and every painted shape and text. */
export function sceneToSvg(scene: Scene): string {
  const body = scene.items.map((it) => item(it, "  ")).filter((s) => s !== "");
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n(scene.width)}" height="${n(scene.height)}" viewBox="0 0 ${n(scene.width)} ${n(scene.height)}" font-family="${escape(FONT)}">`,
    `  <title>${escape(scene.title)}</title>`,
    `  <rect x="0" y="0" width="${n(scene.width)}" height="${n(scene.height)}" fill="${escape(scene.background)}"/>`,
    ...body,
    `</svg>`,
    "",
  ].join("\n");
}
