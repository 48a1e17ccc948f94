// The map's colours, in one place: the style and the legend (and the PNG's legend) are drawn from these.
// Built on the Okabe–Ito palette (Okabe & Ito, "Color Universal Design", 2008), chosen to stay apart for readers with
// protanopia, deuteranopia and tritanopia; tests/web/map.test.mjs checks the legend against simulated colour vision
// (Machado, Oliveira & Fernandes 2009) and fails if two legend colours come too close.

/**
 * Incident markers by state of the verification lifecycle (docs/verification.md). The steps between the assignment and
 * the verdict share one colour ("in verification"): five colours keep the markers apart at a glance, and the details
 * panel names the exact state.
 */
const IN_VERIFICATION = '#56B4E9'; // sky blue
export const STATUS = {
  published_verified: '#D55E00', // vermillion
  published_disputed: '#CC79A7', // reddish purple
  reported: '#F0E442',           // yellow
  assigned: IN_VERIFICATION,
  verified_on_site: IN_VERIFICATION,
  could_not_verify: IN_VERIFICATION,
  cooling_off: IN_VERIFICATION,
  under_independent_review: IN_VERIFICATION,
  rejected: '#333333',           // near black
};

/** Reference layers, and land and sea. */
export const LAYER = {
  blueLine: '#0072B2',     // blue (dashed, thick)
  river: '#56B4E9',        // sky blue
  corridor: '#009E73',     // bluish green
  zone: '#E69F00',         // orange (fill and outline of zones)
  boundary: '#444444',     // Natural Earth country boundaries (thin, dashed)
  land: '#F2EFE9',
  sea: '#B9D3E6',
};

/**
 * Zones by who holds them (custody, GET /api/custody?at=). Paul Tol's "muted" scheme (Tol, "Colour schemes", SRON 2021),
 * also built for colour-blind readers, so that the custody fills stay apart from the Okabe–Ito colours above; the
 * browser test checks them under the same simulations.
 */
export const CUSTODY = {
  idf: '#882255',                     // wine
  laf: '#117733',                     // green
  unifil: '#88CCEE',                  // cyan
  international_coalition: '#332288', // indigo
  none: '#DDDDDD',                    // pale grey
  organisation: '#999933',            // olive
};

/** Text of labels and its halo. */
export const TEXT = { place: '#1a1a1a', country: '#6b6256', halo: '#ffffff' };

/** What each legend entry says (English), in legend order. */
export const LEGEND = [
  { group: 'status', key: 'published_verified', label: 'Incident, published: verified', shape: 'dot' },
  { group: 'status', key: 'published_disputed', label: 'Incident, published: disputed', shape: 'dot' },
  { group: 'status', key: 'reported', label: 'Incident, reported (key needed)', shape: 'dot' },
  { group: 'status', key: 'cooling_off', label: 'Incident, in verification: assigned to a team … under independent review (key needed)', shape: 'dot' },
  { group: 'status', key: 'rejected', label: 'Incident, rejected (key needed)', shape: 'dot' },
  { group: 'layer', key: 'blueLine', label: 'Blue Line (sketch)', shape: 'line' },
  { group: 'layer', key: 'river', label: 'Rivers', shape: 'line' },
  { group: 'layer', key: 'zone', label: 'Zones (buffers, withdrawal, 1701 area)', shape: 'area' },
  { group: 'layer', key: 'corridor', label: 'Humanitarian corridors', shape: 'area' },
  { group: 'layer', key: 'boundary', label: 'Country boundary (Natural Earth)', shape: 'line' },
  { group: 'custody', key: 'idf', label: 'Zone held by the IDF', shape: 'area' },
  { group: 'custody', key: 'laf', label: 'Zone held by the LAF', shape: 'area' },
  { group: 'custody', key: 'unifil', label: 'Zone held by UNIFIL', shape: 'area' },
  { group: 'custody', key: 'international_coalition', label: 'Zone held by an international coalition', shape: 'area' },
  { group: 'custody', key: 'none', label: 'Zone held by no force', shape: 'area' },
  { group: 'custody', key: 'organisation', label: 'Zone held by another organisation', shape: 'area' },
];

export const colourOf = (entry) => ({ status: STATUS, layer: LAYER, custody: CUSTODY })[entry.group][entry.key];
