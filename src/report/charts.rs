//! The report's charts: SVG drawn from the figures, each with a table of the same numbers
//! beside it (the view writes the table), labelled as an image for screen readers, coloured
//! only through the widget's `--rw-*` properties, and mirrored for right-to-left languages
//! (positions computed from the other side, labels anchored at their start).

use leptos::prelude::*;

/// The chart's width in SVG units (it scales to its container).
const WIDTH: f64 = 640.0;
/// Room for a row's label.
const LABEL: f64 = 220.0;
const ROW: f64 = 26.0;
/// Labels longer than this are cut (the table beside the chart has them whole).
const LABEL_CHARS: usize = 24;

/// `label` in at most [`LABEL_CHARS`] characters. An item's label ("Problems present — Factual
/// error") keeps the item's words and cuts the question's: cut at its end, the rows of one
/// question read "Problems present — Fact…", "Problems present — Igno…", hard to tell apart.
fn cut(label: &str) -> String {
    let end = |s: &str, n: usize| -> String {
        if s.chars().count() <= n {
            s.to_string()
        } else {
            let mut s: String = s.chars().take(n - 1).collect();
            s.push('…');
            s
        }
    };
    if label.chars().count() <= LABEL_CHARS {
        return label.to_string();
    }
    match label.split_once(" — ") {
        // At least two of the question's characters, then "… — ", then the item whole.
        Some((question, item)) if item.chars().count() + 6 <= LABEL_CHARS => {
            let room = LABEL_CHARS - item.chars().count() - 3;
            format!("{} — {item}", end(question, room))
        }
        Some((_, item)) => end(item, LABEL_CHARS),
        None => end(label, LABEL_CHARS),
    }
}

/// Places an x measured from the start edge: from the left, or from the right when `rtl`.
#[derive(Clone, Copy)]
pub struct Axis {
    pub rtl: bool,
}

impl Axis {
    fn x(self, from_start: f64) -> f64 {
        if self.rtl {
            WIDTH - from_start
        } else {
            from_start
        }
    }
    /// Text starts where the reader starts: SVG text inherits the page's direction, so
    /// `start` is the right edge in a right-to-left language.
    fn anchor_start(self) -> &'static str {
        "start"
    }
}

/// One row of a forest plot: a label, a value and its interval, all on −1…1.
pub struct Point {
    pub label: String,
    pub value: Option<f64>,
    pub interval: Option<(f64, f64)>,
}

/// Values from −1 to 1 along the plot area, a dashed line at 0 (chance), a dot per value and a
/// line for its interval.
pub fn forest(points: &[Point], axis: Axis, alt: String, ticks: [String; 5]) -> impl IntoView {
    let plot = WIDTH - LABEL - 16.0;
    let at = move |v: f64| axis.x(LABEL + (v.clamp(-1.0, 1.0) + 1.0) / 2.0 * plot);
    let height = ROW * points.len() as f64 + 30.0;
    let rows = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let y = ROW * i as f64 + ROW / 2.0;
            let whisker = p.interval.map(|(lo, hi)| {
                view! { <line class="rp-ci" x1=at(lo) x2=at(hi) y1=y y2=y /> }
            });
            let dot = p
                .value
                .map(|v| view! { <circle class="rp-dot" cx=at(v) cy=y r=5 /> });
            view! {
                <text class="rp-label" x=axis.x(0.0) y=y + 4.0 text-anchor=axis.anchor_start()><title>{p.label.clone()}</title>{cut(&p.label)}</text>
                {whisker}
                {dot}
            }
        })
        .collect_view();
    let bottom = ROW * points.len() as f64;
    let tick_views = ticks
        .into_iter()
        .enumerate()
        .map(|(i, t)| {
            let v = -1.0 + 0.5 * i as f64;
            view! {
                <line class="rp-grid" x1=at(v) x2=at(v) y1=0 y2=bottom />
                <text class="rp-tick" x=at(v) y=bottom + 18.0 text-anchor="middle">{t}</text>
            }
        })
        .collect_view();
    view! {
        <svg class="rp-chart" viewBox=format!("0 0 {WIDTH} {height}") role="img" aria-label=alt data-testid="alpha-chart">
            {tick_views}
            <line class="rp-chance" x1=at(0.0) x2=at(0.0) y1=0 y2=bottom />
            {rows}
        </svg>
    }
}

/// One bar: a label and a share from 0 to 1, written after the bar.
pub struct Bar {
    pub label: String,
    pub share: f64,
    pub text: String,
    /// Drawn hatched (never chosen, say).
    pub muted: bool,
}

/// Horizontal bars of shares.
pub fn bars(bars: &[Bar], axis: Axis, alt: String) -> impl IntoView {
    let plot = WIDTH - LABEL - 90.0;
    let height = ROW * bars.len() as f64;
    let rows = bars
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let y = ROW * i as f64;
            let length = (b.share.clamp(0.0, 1.0) * plot).max(1.0);
            let x = if axis.rtl {
                axis.x(LABEL) - length
            } else {
                LABEL
            };
            view! {
                <text class="rp-label" x=axis.x(0.0) y=y + ROW / 2.0 + 4.0 text-anchor=axis.anchor_start()>{cut(&b.label)}</text>
                <rect class="rp-bar" class:rp-muted=b.muted x=x y=y + 5.0 width=length height=ROW - 10.0 />
                <text class="rp-tick" x=axis.x(LABEL + length + 6.0) y=y + ROW / 2.0 + 4.0 text-anchor=axis.anchor_start()>{b.text.clone()}</text>
            }
        })
        .collect_view();
    view! {
        <svg class="rp-chart" viewBox=format!("0 0 {WIDTH} {height}") role="img" aria-label=alt>
            {rows}
        </svg>
    }
}

/// A square heatmap of values from 0 to 1 (darker higher), each cell with its value written,
/// rows and columns numbered (the table beside it names them).
pub fn heatmap(
    values: &[Vec<Option<(f64, String)>>],
    numbers: &[String],
    axis: Axis,
    alt: String,
) -> impl IntoView {
    const CELL: f64 = 44.0;
    const MARGIN: f64 = 30.0;
    let n = values.len();
    let size = MARGIN + CELL * n as f64;
    let at = move |i: usize| {
        let from_start = MARGIN + CELL * i as f64;
        if axis.rtl {
            size - from_start - CELL
        } else {
            from_start
        }
    };
    let cells = values
        .iter()
        .enumerate()
        .flat_map(|(a, row)| {
            row.iter().enumerate().map(move |(b, v)| {
                let (x, y) = (at(b), MARGIN + CELL * a as f64);
                let (shade, text) = match v {
                    Some((share, text)) => (format!("{:.2}", 0.06 + 0.5 * share.clamp(0.0, 1.0)), text.clone()),
                    None => ("0".to_string(), String::new()),
                };
                view! {
                    <rect class="rq-cell" x=x y=y width=CELL height=CELL fill-opacity=shade />
                    <text class="rp-cell-text" x=x + CELL / 2.0 y=y + CELL / 2.0 + 4.0 text-anchor="middle">{text}</text>
                }
            })
        })
        .collect_view();
    let ticks = (0..n)
        .map(|i| {
            let c = MARGIN + CELL * i as f64 + CELL / 2.0;
            view! {
                <text class="rq-tick" x=at(i) + CELL / 2.0 y=MARGIN - 8.0 text-anchor="middle">{numbers[i].clone()}</text>
                <text class="rq-tick" x=if axis.rtl { size - MARGIN / 2.0 } else { MARGIN / 2.0 } y=c + 4.0 text-anchor="middle">{numbers[i].clone()}</text>
            }
        })
        .collect_view();
    view! {
        <svg class="rp-heatmap" viewBox=format!("0 0 {size} {size}") width=size height=size role="img" aria-label=alt data-testid="rater-heatmap">
            {ticks}
            {cells}
        </svg>
    }
}
