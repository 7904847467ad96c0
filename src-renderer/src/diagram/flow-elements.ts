/**
 * The diagram model as Vue Flow elements: boxes become nodes, links become edges styled by their
 * traffic, and — while a replay step is shown — the step's boxes and edge stand out while the
 * rest steps back.
 */
import type { Edge, Node } from '@vue-flow/core';
import type { Box, Link } from './architecture-model';
import type { Highlight } from './replay-steps';

export function toNode(b: Box, highlight?: Highlight): Node {
  return {
    id: b.id,
    type: b.type,
    position: b.position,
    data: b.data,
    ...(b.parentNode ? { parentNode: b.parentNode } : {}),
    ...(b.type === 'group' ? { style: { width: `${b.width}px`, height: `${b.height}px` } } : {}),
    selectable: b.type !== 'group',
    draggable: false,
    connectable: false,
    ...(highlight && b.type !== 'group'
      ? { class: highlight.boxes.includes(b.id) ? 'replay-on' : 'replay-dim' }
      : {}),
  };
}

export function rateLabel(r: number): string {
  return r >= 10 ? `${Math.round(r)}/s` : `${Math.max(1, Math.round(r * 10) / 10)}/s`;
}

export function toEdge(l: Link, highlight?: Highlight): Edge {
  const t = l.traffic;
  const edge: Edge = {
    id: l.id,
    source: l.source,
    target: l.target,
    sourceHandle: l.sourceHandle,
    targetHandle: l.targetHandle,
    type: 'default',
    animated: Boolean(t),
    class: t ? `traffic traffic-${t.kind}${t.reverse ? ' reverse' : ''}` : 'idle',
    ...(t ? { label: `${t.kind} ${rateLabel(t.rate)}`, data: { kind: t.kind } } : {}),
  };
  if (!highlight) return edge;
  if (!highlight.links.includes(l.id))
    return { ...edge, class: `${String(edge.class)} replay-dim` };
  return { ...edge, animated: true, class: 'traffic replay-on', label: 'replay' };
}
