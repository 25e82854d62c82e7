import type { KeyboardEvent, SVGProps } from "react";
import { painted, pointsText, type Hit, type Scene, type SceneItem } from "./scene";

function paintProps(it: Exclude<SceneItem, { kind: "group" | "text" }>): SVGProps<SVGElement> {
  return {
    // A shape without paint only catches the pointer.
    fill: painted(it) ? (it.fill ?? "none") : "transparent",
    stroke: it.stroke,
    strokeWidth: it.stroke !== undefined ? (it.strokeWidth ?? 1) : undefined,
    strokeDasharray: it.dash?.join(" "),
    opacity: it.opacity,
  };
}

function Item({ item, onPick }: { item: SceneItem; onPick?: (hit: Hit) => void }) {
  const hit = item.hit;
  const clickable = hit && onPick ? { onClick: () => onPick(hit), style: { cursor: "pointer" } } : {};
  const { className, testId } = item;
  switch (item.kind) {
    case "group": {
      const data = Object.fromEntries(Object.entries(item.data ?? {}).map(([k, v]) => [`data-${k}`, v]));
      // A clickable group is one thing to pick: a button for the keyboard too.
      const focusable =
        hit && onPick
          ? {
              role: "button",
              tabIndex: 0,
              "aria-label": item.title,
              onKeyDown: (e: KeyboardEvent<SVGGElement>) => {
                if (e.key !== "Enter" && e.key !== " ") return;
                e.preventDefault();
                onPick(hit);
              },
            }
          : {};
      return (
        <g className={className} data-testid={testId} {...data} {...clickable} {...focusable}>
          {item.title && <title>{item.title}</title>}
          {item.items.map((child, i) => (
            <Item key={i} item={child} onPick={onPick} />
          ))}
        </g>
      );
    }
    case "text":
      return (
        <text
          className={className}
          data-testid={testId}
          x={item.x}
          y={item.y}
          fontSize={item.size}
          fill={item.fill}
          textAnchor={item.anchor ?? "start"}
          fontWeight={item.weight === "bold" ? 600 : undefined}
          fontStyle={item.italic ? "italic" : undefined}
          transform={item.rotate ? `rotate(${item.rotate} ${item.x} ${item.y})` : undefined}
          {...clickable}
        >
          {item.text}
        </text>
      );
    default: {
      if (!painted(item) && !hit) return null;
      const paint = paintProps(item) as SVGProps<SVGRectElement & SVGCircleElement & SVGLineElement & SVGPolygonElement & SVGPolylineElement>;
      const common = { className, "data-testid": testId, ...paint, ...clickable };
      switch (item.kind) {
        case "rect":
          return <rect {...common} x={item.x} y={item.y} width={item.width} height={item.height} rx={item.radius} />;
        case "circle":
          return <circle {...common} cx={item.x} cy={item.y} r={item.r} />;
        case "line":
          return <line {...common} fill={undefined} x1={item.x1} y1={item.y1} x2={item.x2} y2={item.y2} />;
        case "polygon":
          return <polygon {...common} points={pointsText(item.points)} />;
        case "polyline":
          return <polyline {...common} fill="none" points={pointsText(item.points)} />;
      }
    }
  }
}

/**
 * A scene as inline SVG (few shapes): hover shows each group's title, a click picks its hit (a
 * group with a hit is also a focusable button that Enter or Space picks).
 */
export function SceneSvg({ scene, testId, onPick }: { scene: Scene; testId?: string; onPick?: (hit: Hit) => void }) {
  // An image's parts are hidden from assistive technology: with buttons in it, it is a group.
  const role = onPick && hasPickableGroup(scene.items) ? "group" : "img";
  return (
    <svg viewBox={`0 0 ${scene.width} ${scene.height}`} role={role} aria-label={scene.title} data-testid={testId}>
      {scene.items.map((item, i) => (
        <Item key={i} item={item} onPick={onPick} />
      ))}
    </svg>
  );
}

function hasPickableGroup(items: SceneItem[]): boolean {
  return items.some((item) => item.kind === "group" && (item.hit !== undefined || hasPickableGroup(item.items)));
}
