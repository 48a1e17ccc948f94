#!/usr/bin/env python3
"""Self-check of the geodata/ layers (Python 3 standard library only).

    python3 geodata/tools/check.py            # checks geodata/, prints a report, exit 1 on any failure
    python3 geodata/tools/check.py --no-regen # skip the "generator reproduces the files byte for byte" check

The geometry here is written independently of generate.py (its own distance, side-of-line and
point-in-polygon code), so that a bug in one is not silently repeated in the other.  Reference files
are read from ../shared/reference/ next to the repository when present (gazetteer.csv, acled-codes.md).
"""
import argparse
import csv
import datetime as dt
import filecmp
import json
import math
import os
import re
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True      # importing generate.py must not leave __pycache__ in the repository

HERE = os.path.dirname(os.path.abspath(__file__))
GEODATA = os.path.dirname(HERE)
REPO = os.path.dirname(GEODATA)
REF = os.path.normpath(os.path.join(REPO, "..", "shared", "reference"))

R = 6371008.8
REGION_BBOX = (35.0, 32.9, 36.2, 34.1)          # lon_min, lat_min, lon_max, lat_max
SYNTH = "Synthetic sample incident for testing; not a real event."
STATUSES = {"reported", "assigned", "verified_on_site", "could_not_verify", "cooling_off", "under_independent_review",
            "published_verified", "published_disputed", "rejected"}
CORRIDOR_STATUSES = {"open", "closed", "suspended"}
BOUNDARY_MARGIN_M = 25.0
TIME_MARGIN_S = 60

ACLED_EMBEDDED = {
    "Battles": {"Government regains territory", "Non-state actor overtakes territory", "Armed clash"},
    "Protests": {"Excessive force against protesters", "Protest with intervention", "Peaceful protest"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Explosions/Remote violence": {"Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"},
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Strategic developments": {"Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"},
}
# Locations that are not gazetteer names: explicit stand-ins (must be approximate and say so in notes).
STAND_INS = {"Zawtar al-Sharqieh", "Yohmor al-Shaqif", "Litani valley"}

failures, warnings, report = [], [], []


def fail(msg):
    failures.append(msg)


def warn(msg):
    warnings.append(msg)


def out(msg=""):
    report.append(msg)


# ------------------------------------------------------------------------------------------ geometry
def xy(lat, lon, lat0, lon0):
    k = math.pi / 180
    return (R * (lon - lon0) * k * math.cos(lat0 * k), R * (lat - lat0) * k)


def hav(lat1, lon1, lat2, lon2):
    k = math.pi / 180
    a = math.sin((lat2 - lat1) * k / 2) ** 2 + math.cos(lat1 * k) * math.cos(lat2 * k) * math.sin((lon2 - lon1) * k / 2) ** 2
    return 2 * R * math.asin(math.sqrt(a))


def length_m(coords):  # coords: [[lon, lat], ...]
    return sum(hav(a[1], a[0], b[1], b[0]) for a, b in zip(coords, coords[1:]))


def seg_dist(lat, lon, a, b):
    """Distance (m) from (lat, lon) to segment a-b ([lon, lat] pairs) and the parameter t."""
    ax, ay = xy(a[1], a[0], lat, lon)
    bx, by = xy(b[1], b[0], lat, lon)
    dx, dy = bx - ax, by - ay
    l2 = dx * dx + dy * dy
    t = 0.0 if l2 == 0 else min(1.0, max(0.0, -(ax * dx + ay * dy) / l2))
    return math.hypot(ax + t * dx, ay + t * dy), t


def dist_polyline(lat, lon, coords):
    best = (float("inf"), -1, 0.0)
    for i in range(len(coords) - 1):
        d, t = seg_dist(lat, lon, coords[i], coords[i + 1])
        if d < best[0]:
            best = (d, i, t)
    return best


def side(lat, lon, coords):
    """'left' / 'right' of a directed polyline.  Nearest segment; where the nearest point is an interior
    vertex, the point lies in that vertex's normal cone, which is on the outer side of the turn."""
    d, i, t = dist_polyline(lat, lon, coords)
    n = len(coords)
    P = lambda c: xy(c[1], c[0], lat, lon)
    v = i + 1 if (t == 1.0 and i + 1 < n - 1) else (i if (t == 0.0 and i > 0) else None)
    if v is not None:
        a, b, c = P(coords[v - 1]), P(coords[v]), P(coords[v + 1])
        turn = (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0])
        if turn:
            return "right" if turn > 0 else "left"
    a, b = P(coords[i]), P(coords[i + 1])
    cr = (b[0] - a[0]) * (-a[1]) - (b[1] - a[1]) * (-a[0])
    return "left" if cr > 0 else "right"


def in_ring(lat, lon, ring):  # ring: [[lon, lat], ...] closed
    c = False
    for a, b in zip(ring, ring[1:]):
        if (a[1] > lat) != (b[1] > lat):
            x = a[0] + (lat - a[1]) * (b[0] - a[0]) / (b[1] - a[1])
            if lon < x:
                c = not c
    return c


def in_polygon(lat, lon, geom):
    polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
    for poly in polys:
        if in_ring(lat, lon, poly[0]) and not any(in_ring(lat, lon, h) for h in poly[1:]):
            return True
    return False


def rings_of(geom):
    polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
    return [r for p in polys for r in p]


def signed_area_m2(ring):
    """Equal-area (sinusoidal) signed area; + = counter-clockwise."""
    k = math.pi / 180
    pts = [(R * (lon - 35.5) * k * math.cos(lat * k), R * lat * k) for lon, lat in ring]
    return sum(pts[i][0] * pts[i + 1][1] - pts[i + 1][0] * pts[i][1] for i in range(len(pts) - 1)) / 2


def self_intersections(ring):
    pts = ring[:-1]
    n = len(pts)
    lat0, lon0 = pts[0][1], pts[0][0]
    p = [xy(q[1], q[0], lat0, lon0) for q in pts]

    def o(a, b, c):
        v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
        return 0 if abs(v) < 1e-6 else (1 if v > 0 else -1)

    def on(a, b, c):
        return min(a[0], b[0]) - 1e-6 <= c[0] <= max(a[0], b[0]) + 1e-6 and min(a[1], b[1]) - 1e-6 <= c[1] <= max(a[1], b[1]) + 1e-6

    bad = []
    for i in range(n):
        a, b = p[i], p[(i + 1) % n]
        for j in range(i + 2, n):
            if i == 0 and j == n - 1:
                continue
            c, d = p[j], p[(j + 1) % n]
            o1, o2, o3, o4 = o(a, b, c), o(a, b, d), o(c, d, a), o(c, d, b)
            if (o1 != o2 and o3 != o4) or (o1 == 0 and on(a, b, c)) or (o2 == 0 and on(a, b, d)) \
                    or (o3 == 0 and on(c, d, a)) or (o4 == 0 and on(c, d, b)):
                bad.append((i, j))
    return bad


def decimals(x):
    s = repr(float(x))
    return len(s.split(".")[1]) if "." in s and "e" not in s else 0


# ------------------------------------------------------------------------------------------ helpers
def parse_t(s, what):
    if not isinstance(s, str) or not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)", s):
        fail(f"{what}: not ISO 8601 with seconds and offset: {s!r}")
        return None
    return dt.datetime.fromisoformat(s.replace("Z", "+00:00"))


def load_json(name):
    path = os.path.join(GEODATA, name)
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except Exception as e:  # noqa: BLE001
        fail(f"{name}: cannot read JSON: {e}")
        return None


def load_gazetteer():
    path = os.path.join(REF, "gazetteer.csv")
    if not os.path.exists(path):
        warn(f"gazetteer.csv not found at {path}: place checks use the generator's snapshot only")
        return None
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def load_acled():
    path = os.path.join(REF, "acled-codes.md")
    if not os.path.exists(path):
        warn(f"acled-codes.md not found at {path}: using the embedded ACLED list")
        return ACLED_EMBEDDED
    codes = {}
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    sec = text.split("## event_type", 1)[1].split("\n## ", 1)[0]
    for line in sec.splitlines():
        m = re.match(r"- ([^:]+): (.+)$", line.strip())
        if m:
            codes[m.group(1).strip()] = {s.strip() for s in m.group(2).split(";")}
    if codes != ACLED_EMBEDDED:
        fail("acled-codes.md and check.py's embedded ACLED list differ")
    return codes


def check_provenance(f, what):
    p = f.get("properties") or {}
    for k in ("source", "method"):
        if not isinstance(p.get(k), str) or not p[k].strip():
            fail(f"{what}: missing provenance '{k}'")
    if not isinstance(p.get("approximate"), bool):
        fail(f"{what}: 'approximate' must be true/false")


def check_positions(coords, what):
    for lon, lat in coords:
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            fail(f"{what}: position out of range {lon},{lat}")
        if decimals(lon) > 6 or decimals(lat) > 6:
            fail(f"{what}: more than 6 decimals {lon},{lat}")
    for a, b in zip(coords, coords[1:]):
        if a == b:
            fail(f"{what}: repeated consecutive position {a}")


def check_fc(fc, name):
    if not fc or fc.get("type") != "FeatureCollection" or not isinstance(fc.get("features"), list):
        fail(f"{name}: not a FeatureCollection")
        return []
    if "crs" in fc:
        fail(f"{name}: RFC 7946 has no 'crs' member")
    return fc["features"]


def check_polygon(geom, what):
    polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
    for poly in polys:
        for k, ring in enumerate(poly):
            check_positions(ring[:-1], what)
            if len(ring) < 4:
                fail(f"{what}: ring with fewer than 4 positions")
            if ring[0] != ring[-1]:
                fail(f"{what}: ring not closed")
            a = signed_area_m2(ring)
            if k == 0 and a <= 0:
                fail(f"{what}: exterior ring is not counter-clockwise (RFC 7946)")
            if k > 0 and a >= 0:
                fail(f"{what}: hole is not clockwise (RFC 7946)")
            bad = self_intersections(ring)
            if bad:
                fail(f"{what}: ring self-intersects at segments {bad[:3]}")


# ------------------------------------------------------------------------------------------ main
def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--no-regen", action="store_true", help="skip the byte-for-byte regeneration check")
    args = ap.parse_args()

    gaz = load_gazetteer()
    acled = load_acled()
    lines_fc = load_json("lines.geojson")
    zones_fc = load_json("zones.geojson")
    corr_fc = load_json("corridors.geojson")
    inc_fc = load_json("incidents.geojson")
    truces = load_json("truces.json")
    lines = check_fc(lines_fc, "lines.geojson")
    zones = check_fc(zones_fc, "zones.geojson")
    corridors = check_fc(corr_fc, "corridors.geojson")
    incidents = check_fc(inc_fc, "incidents.geojson")

    # ---- ids
    slugs = {}
    for layer, feats in (("lines", lines), ("zones", zones), ("corridors", corridors)):
        for f in feats:
            s = (f.get("properties") or {}).get("slug")
            if not isinstance(s, str) or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", s or ""):
                fail(f"{layer}: bad slug {s!r}")
            if s in slugs:
                fail(f"slug {s!r} used twice ({slugs[s]} and {layer})")
            slugs[s] = layer
    for t in truces or []:
        if t.get("slug") in slugs:
            fail(f"truce slug {t.get('slug')!r} duplicates a {slugs[t['slug']]} slug")
        slugs[t.get("slug")] = "truces"
    ext_ids = [(f["properties"].get("source"), f["properties"].get("externalId")) for f in incidents]
    if len(set(ext_ids)) != len(ext_ids):
        fail("incidents: (source, externalId) not unique")

    # ---- gazetteer
    gz = {}
    if gaz:
        for r in gaz:
            if r["lat"]:
                gz[r["name"]] = (float(r["lat"]), float(r["lon"]), r["side"], r["status"])
        sys.path.insert(0, HERE)
        try:
            import generate  # noqa: E402
            for k, p in generate.GAZ.items():
                if p["name"] not in gz:
                    fail(f"generate.py gazetteer snapshot: {p['name']!r} not in gazetteer.csv")
                elif abs(gz[p["name"]][0] - p["lat"]) > 1e-9 or abs(gz[p["name"]][1] - p["lon"]) > 1e-9:
                    fail(f"generate.py gazetteer snapshot differs from gazetteer.csv for {p['name']!r}")
            missing = set(gz) - {p["name"] for p in generate.GAZ.values()}
            if missing:
                warn(f"gazetteer rows with coordinates not in the generator snapshot: {sorted(missing)}")
        except Exception as e:  # noqa: BLE001
            fail(f"cannot import generate.py: {e}")
    else:
        sys.path.insert(0, HERE)
        import generate  # noqa: E402
        for p in generate.GAZ.values():
            gz[p["name"]] = (p["lat"], p["lon"], p["side"], p["status"])

    # ---- lines
    by_slug = {}
    for f in lines:
        p = f["properties"]
        by_slug[p["slug"]] = f
        check_provenance(f, f"line {p['slug']}")
        gtype = f["geometry"]["type"]
        if gtype not in ("LineString", "MultiLineString"):
            fail(f"line {p['slug']}: geometry {gtype}")
        parts = [f["geometry"]["coordinates"]] if gtype == "LineString" else f["geometry"]["coordinates"]
        for part in parts:
            if len(part) < 2:
                fail(f"line {p['slug']}: fewer than 2 positions")
            check_positions(part, f"line {p['slug']}")
        for k in ("name", "name_ar", "name_he", "kind"):
            if not p.get(k):
                fail(f"line {p['slug']}: missing {k}")
    blue = by_slug.get("blue-line")
    litani = by_slug.get("litani")
    if not blue or blue["properties"]["kind"] != "blue_line" or blue["geometry"]["type"] != "LineString":
        fail("blue-line missing or not a kind=blue_line LineString")
        return finish()
    B = blue["geometry"]["coordinates"]
    blen = length_m(B) / 1000
    out("== Lines")
    out(f"blue-line: {len(B)} vertices, length {blen:.1f} km (haversine; recorded {blue['properties'].get('lengthKm')} km)")
    if not 85 <= blen <= 140:
        fail(f"blue-line length {blen:.1f} km not within 85-140 km (F1: ~120 km): a section is missing or doubled")
    elif blen < 100:
        warn(f"blue-line length {blen:.1f} km is below 100 km (F1: ~120 km): the sketch does not draw the fine "
             f"windings of the line (see its method); an authoritative line will be longer")
    if abs(blen - blue["properties"].get("lengthKm", -1)) > 0.1:
        fail("blue-line lengthKm does not match the geometry")
    if not B[0][0] < B[-1][0]:
        fail("blue-line is not drawn west to east")
    rn = gz.get("Ras Naqoura / Rosh HaNikra (grottoes)")
    if rn and hav(rn[0], rn[1], B[0][1], B[0][0]) > 1:
        fail("blue-line does not start at the Ras Naqoura gazetteer point")
    if blue["properties"].get("approximate") is not True:
        fail("blue-line must be approximate: true")
    north_region = B + [[B[-1][0], 34.5], [34.5, 34.5], [34.5, B[0][1]], B[0]]
    side_rows = []
    for name, (lat, lon, sd, st) in sorted(gz.items()):
        d = dist_polyline(lat, lon, B)[0]
        s1 = side(lat, lon, B)
        in_lon = B[0][0] <= lon <= max(c[0] for c in B)
        s2 = ("left" if in_ring(lat, lon, north_region) else "right") if in_lon else None
        if s2 is not None and s1 != s2 and d > 1.0:
            fail(f"side tests disagree for {name}: nearest-segment {s1}, region {s2}")
        if sd == "LB":
            want = "left"
        elif sd == "IL" or sd.startswith("disputed: IL-held"):
            want = "right"
        elif sd.startswith("IL (at Blue Line"):
            want = "on"
        elif "split by Blue Line" in sd:
            want = "on"
        else:
            want = None
        if want == "on":
            lim = 1.0 if sd.startswith("IL (at Blue Line") else 150.0
            ok = d <= lim
            if not ok:
                fail(f"{name} should lie on the blue-line (within {lim:.0f} m) but is {d:.0f} m away")
        elif want:
            ok = s1 == want
            if not ok:
                fail(f"{name} ({sd}) should be {want} of the blue-line, is {s1} ({d:.0f} m)")
        else:
            ok = True
        side_rows.append((name, sd, s1, d, want, ok))
    n_lb = sum(1 for r in side_rows if r[4] == "left")
    n_il = sum(1 for r in side_rows if r[4] == "right")
    out(f"side test: {sum(1 for r in side_rows if r[4] == 'left' and r[5])}/{n_lb} LB places left (north), "
        f"{sum(1 for r in side_rows if r[4] == 'right' and r[5])}/{n_il} IL / IL-held places right (south); "
        f"Ghajar {next((r[3] for r in side_rows if r[0] == 'Ghajar'), float('nan')):.0f} m from the line; "
        f"two independent side methods agree")
    near = sorted((r for r in side_rows if r[4] in ("left", "right")), key=lambda r: r[3])[:5]
    out("closest sided places: " + ", ".join(f"{r[0]} {r[3]:.0f} m {r[2]}" for r in near))
    if litani:
        Lc = litani["geometry"]["coordinates"]
        llen = length_m(Lc) / 1000
        out(f"litani: {len(Lc)} vertices, length {llen:.1f} km (sources: >140-170 km, F12)")
        src = gz.get("Litani source: el-Oleik (Ullaik) springs W of Baalbek")
        mouth = gz.get("Litani mouth (Qasmiyeh), N of Tyre")
        if src and hav(src[0], src[1], Lc[0][1], Lc[0][0]) > 1:
            fail("litani does not start at the el-Oleik springs")
        if mouth and hav(mouth[0], mouth[1], Lc[-1][1], Lc[-1][0]) > 1:
            fail("litani does not end at the mouth")
        # Banks of the N-S reach, flowing south: west bank = right of the flow, east bank = left.
        for nm, want in (("Beaufort Castle (Qalaat al-Shaqif)", "right"), ("Arnoun", "right"),
                         ("Deir Mimas", "left"), ("Qlayaa (Al-Qlaiaah, Marjayoun)", "left"), ("Marjayoun", "left")):
            if nm in gz:
                lat, lon = gz[nm][0], gz[nm][1]
                s = side(lat, lon, Lc)
                d = dist_polyline(lat, lon, Lc)[0]
                bank = "west" if s == "right" else "east"
                out(f"  {nm}: {bank} bank, {d:.0f} m from the river")
                if s != want:
                    fail(f"{nm} on the wrong bank of the litani")

    # ---- zones
    out("\n== Zones")
    polys = {}
    kinds = {}
    for f in zones:
        p = f["properties"]
        s = p["slug"]
        kinds[s] = p.get("kind")
        check_provenance(f, f"zone {s}")
        for k in ("name", "name_ar", "name_he", "kind"):
            if not p.get(k):
                fail(f"zone {s}: missing {k}")
        vf, vt = p.get("validFrom"), p.get("validTo")
        tf = parse_t(vf, f"zone {s} validFrom") if vf else None
        tt = parse_t(vt, f"zone {s} validTo") if vt else None
        if tf and tt and not tf < tt:
            fail(f"zone {s}: validFrom >= validTo")
        if f["geometry"] is None:
            bo = p.get("bufferOf")
            if not bo or bo.get("line") not in by_slug or not isinstance(bo.get("metres"), (int, float)) \
                    or bo["metres"] <= 0 or bo.get("side") not in ("north", "south", "both"):
                fail(f"zone {s}: null geometry without a valid bufferOf")
            if p.get("kind") != "buffer":
                fail(f"zone {s}: bufferOf zones should have kind buffer")
            continue
        if f["geometry"]["type"] not in ("Polygon", "MultiPolygon"):
            fail(f"zone {s}: geometry {f['geometry']['type']}")
            continue
        check_polygon(f["geometry"], f"zone {s}")
        polys[s] = f
        area = sum(signed_area_m2(r) for r in rings_of(f["geometry"])) / 1e6
        if "areaKm2" in p and abs(area - p["areaKm2"]) > max(0.1, 0.01 * area):
            fail(f"zone {s}: areaKm2 {p['areaKm2']} but geometry gives {area:.1f}")
        if p.get("kind") == "withdrawal":
            if not isinstance(p.get("phase"), int):
                fail(f"zone {s}: withdrawal zone without integer phase")
            if not p.get("deadline") or not parse_t(p["deadline"], f"zone {s} deadline"):
                fail(f"zone {s}: withdrawal zone without deadline")
        out(f"{s}: {p['kind']}, {area:.1f} km2, {len(rings_of(f['geometry'])[0]) - 1} vertices")
    for metres in (1000, 2000, 5000):
        for sd in ("north", "south"):
            if not any(z["properties"].get("bufferOf") == {"line": "blue-line", "metres": metres, "side": sd} for z in zones):
                fail(f"missing buffer zone {metres} m {sd} of the blue-line")
    a1701 = polys.get("unsc-1701-area")
    if not a1701:
        fail("unsc-1701-area missing")
    else:
        ring = a1701["geometry"]["coordinates"][0]
        area = signed_area_m2(ring) / 1e6
        if not 850 <= area <= 1060:
            fail(f"unsc-1701-area {area:.0f} km2 outside the 850-1,060 km2 of F3")
        # southern edge: the Blue Line vertices, in order, consecutive in the ring
        k = ring.index(B[0]) if B[0] in ring else -1
        if k < 0 or ring[k:k + len(B)] != B:
            fail("unsc-1701-area: southern edge does not follow the blue-line vertices exactly")
        else:
            out(f"unsc-1701-area: southern edge = all {len(B)} blue-line vertices, in order")
        if litani:
            bend_part = [c for c in litani["geometry"]["coordinates"] if c in ring]
            out(f"unsc-1701-area: {len(bend_part)} litani vertices on its northern edge")
        for s, f in polys.items():
            if kinds[s] == "withdrawal":
                for lon, lat in f["geometry"]["coordinates"][0][:-1]:
                    if not in_ring(lat, lon, ring) and dist_polyline(lat, lon, ring)[0] > 1.0:
                        fail(f"{s}: vertex {lon},{lat} outside unsc-1701-area")
                        break
                    if dist_polyline(lat, lon, B)[0] > 1.0 and side(lat, lon, B) != "left":
                        fail(f"{s}: vertex {lon},{lat} south of the blue-line")
                        break
            if kinds[s] == "retained_post":
                for lon, lat in f["geometry"]["coordinates"][0][:-1]:
                    if dist_polyline(lat, lon, B)[0] > 1.0 and side(lat, lon, B) != "left":
                        fail(f"{s}: vertex south of the blue-line")
                        break

    # ---- truces
    out("\n== Truces")
    truce_windows = []
    instants = []
    for t in truces or []:
        s = t.get("slug")
        st, en = parse_t(t.get("start"), f"truce {s} start"), parse_t(t.get("end"), f"truce {s} end")
        if not (st and en and st < en):
            fail(f"truce {s}: start must be before end")
            continue
        if not isinstance(t.get("parties"), list) or not t["parties"]:
            fail(f"truce {s}: parties")
        if t.get("scope") is not None and (not isinstance(t["scope"], list) or any(z not in kinds for z in t["scope"])):
            fail(f"truce {s}: scope must be null or zone slugs")
        if not t.get("source"):
            fail(f"truce {s}: source missing")
        prev = en
        instants += [st, en]
        for k, e in enumerate(t.get("extensions") or []):
            pe = parse_t(e.get("previousEnd"), f"truce {s} ext {k} previousEnd")
            ne = parse_t(e.get("newEnd"), f"truce {s} ext {k} newEnd")
            an = parse_t(e.get("announcedAt"), f"truce {s} ext {k} announcedAt")
            if pe != prev:
                fail(f"truce {s} extension {k}: previousEnd {e.get('previousEnd')} is not the end in force before it")
            if not (ne and pe and ne > pe):
                fail(f"truce {s} extension {k}: newEnd must be after previousEnd")
            if an and (an < st or an > ne):
                fail(f"truce {s} extension {k}: announcedAt outside the truce")
            if an and pe and an > pe:
                warn(f"truce {s} extension {k}: announced after the previous end had passed ({e['announcedAt']} > "
                     f"{e['previousEnd']}); the window is treated as continuous")
            if not e.get("source"):
                fail(f"truce {s} extension {k}: source missing")
            prev = ne
            instants.append(ne)
        truce_windows.append((s, st, en, prev))
        out(f"{s}: [{t['start']}, {t['end']}) original, end in force {prev.strftime('%Y-%m-%dT%H:%M:%SZ')}, "
            f"{len(t.get('extensions') or [])} extension(s), {(prev - st).total_seconds() / 86400:.2f} days in force")
    truce_windows.sort(key=lambda w: w[1])
    for a, b in zip(truce_windows, truce_windows[1:]):
        if a[3] > b[1]:
            fail(f"truces {a[0]} and {b[0]} overlap")

    # ---- corridors
    out("\n== Corridors")
    cors = []
    for f in corridors:
        p = f["properties"]
        s = p["slug"]
        check_provenance(f, f"corridor {s}")
        if f["geometry"]["type"] not in ("LineString", "MultiLineString"):
            fail(f"corridor {s}: geometry must be the route")
            continue
        route = f["geometry"]["coordinates"]
        check_positions(route, f"corridor {s}")
        if not isinstance(p.get("widthM"), (int, float)) or not 100 <= p["widthM"] <= 5000:
            fail(f"corridor {s}: widthM")
        if p.get("status") not in CORRIDOR_STATUSES:
            fail(f"corridor {s}: status {p.get('status')!r}")
        if not p.get("operator"):
            fail(f"corridor {s}: operator")
        wins = []
        for w in p.get("windows") or []:
            a, b = parse_t(w.get("from"), f"corridor {s} window"), parse_t(w.get("to"), f"corridor {s} window")
            if not (a and b and a < b):
                fail(f"corridor {s}: window from >= to")
            wins.append((a, b))
            instants += [a, b]
        if wins != sorted(wins) or any(x[1] > y[0] for x, y in zip(wins, wins[1:])):
            fail(f"corridor {s}: windows unsorted or overlapping")
        overl = [w for w in wins if any(w[0] < tw[3] and tw[1] < w[1] for tw in truce_windows)]
        if not overl:
            fail(f"corridor {s}: no window overlaps a truce")
        cors.append((s, route, p["widthM"] / 2.0, wins))
        out(f"{s}: {length_m(route) / 1000:.1f} km, width {p['widthM']} m, {p['status']}, {p['operator']}, "
            f"{len(wins)} windows ({len(overl)} overlapping a truce)")
    closed_during = any(
        any(tw[1] < b0 and a1 < tw[3] for tw in truce_windows)
        for _, _, _, wins in cors for (a0, b0), (a1, b1) in zip(wins, wins[1:]))
    if not closed_during:
        fail("no corridor is closed for part of a truce")

    # ---- incidents
    out("\n== Incidents")
    zone_feats = [z for z in zones if z["geometry"] is not None]
    buffers = [z for z in zones if z["geometry"] is None]
    zin = {z["properties"]["slug"]: 0 for z in zone_feats}
    zvalid = {}
    bin_ = {z["properties"]["slug"]: 0 for z in buffers}
    cin = {c[0]: {"inside": 0, "open": 0, "closed": 0} for c in cors}
    bands = {("left", "0-2 km"): 0, ("left", "2-5 km"): 0, ("left", ">5 km"): 0,
             ("right", "0-2 km"): 0, ("right", "2-5 km"): 0, ("right", ">5 km"): 0}
    per_truce = {w[0]: {"during": 0, "during_orig": 0, "before": 0, "before_orig": 0, "after": 0} for w in truce_windows}
    zone_truce = {}
    min_margin = (float("inf"), None)
    status_counts, type_counts, prec = {}, {}, {"geo": {}, "time": {}}
    for f in incidents:
        p = f["properties"]
        eid = p.get("externalId")
        what = f"incident {eid}"
        check_provenance(f, what)
        if f["geometry"]["type"] != "Point":
            fail(f"{what}: not a Point")
            continue
        lon, lat = f["geometry"]["coordinates"]
        check_positions([[lon, lat]], what)
        if not (REGION_BBOX[0] <= lon <= REGION_BBOX[2] and REGION_BBOX[1] <= lat <= REGION_BBOX[3]):
            fail(f"{what}: outside the region bbox {REGION_BBOX}")
        if p.get("source") != "sample" or not re.fullmatch(r"sample-\d{4}", eid or ""):
            fail(f"{what}: source must be 'sample' and externalId 'sample-NNNN'")
        if SYNTH not in (p.get("notes") or ""):
            fail(f"{what}: notes must say it is synthetic")
        et, se = p.get("eventType"), p.get("subEventType")
        if et not in acled or se not in acled[et]:
            fail(f"{what}: ACLED codes {et!r} / {se!r} not valid")
        fat = p.get("fatalities")
        if not isinstance(fat, int) or fat < 0:
            fail(f"{what}: fatalities")
        elif fat and (et == "Strategic developments" or se in ("Peaceful protest", "Protest with intervention")):
            fail(f"{what}: {et}/{se} with fatalities")
        for k in ("geoPrecision", "timePrecision"):
            if p.get(k) not in (1, 2, 3):
                fail(f"{what}: {k} must be 1-3")
        if p.get("status") not in STATUSES:
            fail(f"{what}: status {p.get('status')!r}")
        if not p.get("actor1"):
            fail(f"{what}: actor1 missing")
        loc = p.get("location")
        if loc not in gz and loc not in STAND_INS and "illustrative corridor route" not in (loc or ""):
            fail(f"{what}: location {loc!r} is neither a gazetteer place nor a declared stand-in")
        if loc in STAND_INS and (p.get("approximate") is not True or p.get("geoPrecision") != 3):
            fail(f"{what}: stand-in location {loc!r} must be approximate with geoPrecision 3")
        if loc in ("Zawtar al-Sharqieh", "Yohmor al-Shaqif") and "UNSOURCED" not in p.get("notes", ""):
            fail(f"{what}: notes must say the coordinate of {loc} is unsourced")
        if p.get("geoPrecision") == 1 and loc in gz:
            g = gz[loc]
            if hav(g[0], g[1], lat, lon) > 1:
                fail(f"{what}: geoPrecision 1 but not at the gazetteer point of {loc}")
        t = parse_t(p.get("occurredAt"), f"{what} occurredAt")
        if not t:
            continue
        for b in instants:
            if abs((t - b).total_seconds()) < TIME_MARGIN_S:
                fail(f"{what}: occurredAt within {TIME_MARGIN_S} s of a truce/window boundary {b}")
        status_counts[p["status"]] = status_counts.get(p["status"], 0) + 1
        type_counts[et] = type_counts.get(et, 0) + 1
        prec["geo"][p["geoPrecision"]] = prec["geo"].get(p["geoPrecision"], 0) + 1
        prec["time"][p["timePrecision"]] = prec["time"].get(p["timePrecision"], 0) + 1

        # space
        d_blue = dist_polyline(lat, lon, B)[0]
        sd = side(lat, lon, B)
        margins = [(d_blue, "blue-line")] + [(abs(d_blue - m), f"{m} m buffer edge") for m in (1000, 2000, 5000)]
        band = "0-2 km" if d_blue < 2000 else ("2-5 km" if d_blue < 5000 else ">5 km")
        bands[(sd, band)] += 1
        for z in buffers:
            bo = z["properties"]["bufferOf"]
            want = {"north": "left", "south": "right"}.get(bo["side"])
            if d_blue <= bo["metres"] and (want is None or sd == want):
                bin_[z["properties"]["slug"]] += 1
        inside_z = []
        for z in zone_feats:
            s = z["properties"]["slug"]
            for r in rings_of(z["geometry"]):
                margins.append((dist_polyline(lat, lon, r)[0], f"edge of {s}"))
            if in_polygon(lat, lon, z["geometry"]):
                zin[s] += 1
                inside_z.append(s)
                vf, vt = z["properties"].get("validFrom"), z["properties"].get("validTo")
                if (not vf or parse_t(vf, s) <= t) and (not vt or t < parse_t(vt, s)):
                    zvalid[s] = zvalid.get(s, 0) + 1
        for s, route, half, wins in cors:
            dr = dist_polyline(lat, lon, route)[0]
            margins.append((abs(dr - half), f"edge of corridor {s}"))
            if dr <= half:
                cin[s]["inside"] += 1
                if any(a <= t < b for a, b in wins):
                    cin[s]["open"] += 1
                else:
                    cin[s]["closed"] += 1
        m = min(margins)
        if m[0] < BOUNDARY_MARGIN_M:
            fail(f"{what}: {m[0]:.1f} m from the {m[1]} (tests place their own boundary points)")
        if m[0] < min_margin[0]:
            min_margin = (m[0], f"{eid}: {m[1]}")
        # time
        for s, st, en, eif in truce_windows:
            dur, dur0 = eif - st, en - st
            c = per_truce[s]
            if st <= t < eif:
                c["during"] += 1
                for z in inside_z:
                    zone_truce[(z, s)] = zone_truce.get((z, s), 0) + 1
            if st <= t < en:
                c["during_orig"] += 1
            if st - dur <= t < st:
                c["before"] += 1
                for z in inside_z:
                    zone_truce[(z, s, "before")] = zone_truce.get((z, s, "before"), 0) + 1
            if st - dur0 <= t < st:
                c["before_orig"] += 1
            if eif <= t < eif + dur:
                c["after"] += 1

    size = os.path.getsize(os.path.join(GEODATA, "incidents.geojson"))
    out(f"{len(incidents)} incidents, incidents.geojson {size / 1024:.0f} KiB; closest approach to any boundary "
        f"{min_margin[0]:.0f} m ({min_margin[1]})")
    if size >= 1024 * 1024:
        fail("incidents.geojson is not under 1 MB")
    if len(incidents) < 320:
        fail("fewer than 320 incidents")
    out("status: " + ", ".join(f"{k} {v}" for k, v in sorted(status_counts.items())))
    out("eventType: " + ", ".join(f"{k} {v}" for k, v in sorted(type_counts.items())))
    out("geoPrecision: " + ", ".join(f"{k}: {v}" for k, v in sorted(prec["geo"].items())) +
        "; timePrecision: " + ", ".join(f"{k}: {v}" for k, v in sorted(prec["time"].items())))
    out("by side and distance to the blue-line: " + ", ".join(
        f"{'north' if k[0] == 'left' else 'south'} {k[1]}: {v}" for k, v in bands.items()))
    for k, v in bands.items():
        if v == 0:
            fail(f"no incident {'north' if k[0] == 'left' else 'south'} of the blue-line at {k[1]}")
    out("\nper truce (half-open windows; 'before' = the equally long window just before the start):")
    for s, st, en, eif in truce_windows:
        c = per_truce[s]
        out(f"  {s}: during (end in force) {c['during']}, before (same length) {c['before']}, "
            f"after (same length) {c['after']}; during (original end) {c['during_orig']}, "
            f"before (original length) {c['before_orig']}")
        if c["during"] < 10 or c["before"] < 10:
            fail(f"truce {s}: too few incidents before/during")
    out("\nper zone (point in polygon, validity ignored unless stated; buffers by distance and side):")
    for s, n in zin.items():
        row = f"  {s}: {n} inside ({zvalid.get(s, 0)} while the zone is valid), {len(incidents) - n} outside"
        row += "; " + ", ".join(f"{tw[0]}: {zone_truce.get((s, tw[0], 'before'), 0)} before / "
                                f"{zone_truce.get((s, tw[0]), 0)} during" for tw in truce_windows)
        out(row)
        if n == 0 or n == len(incidents):
            fail(f"zone {s}: needs incidents inside and outside")
    for s, n in bin_.items():
        out(f"  {s}: {n} inside, {len(incidents) - n} outside")
        if n == 0:
            fail(f"buffer {s}: no incident inside")
    out("per corridor (within widthM/2 of the route):")
    for s, c in cin.items():
        out(f"  {s}: {c['inside']} inside ({c['open']} while open, {c['closed']} while closed), "
            f"{len(incidents) - c['inside']} outside")
        if not (c["open"] and c["closed"] and c["inside"] < len(incidents)):
            fail(f"corridor {s}: needs incidents inside while open, inside while closed, and outside")

    # ---- determinism
    if not args.no_regen:
        with tempfile.TemporaryDirectory() as tmp:
            r = subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), "--out", tmp, "--quiet"],
                               capture_output=True, text=True)
            if r.returncode != 0:
                fail("generate.py failed: " + r.stderr.strip()[-500:])
            else:
                names = ["lines.geojson", "zones.geojson", "corridors.geojson", "incidents.geojson", "truces.json"]
                diff = [n for n in names if not filecmp.cmp(os.path.join(tmp, n), os.path.join(GEODATA, n), shallow=False)]
                if diff:
                    fail(f"generate.py does not reproduce {diff} byte for byte (regenerate and commit)")
                else:
                    out("\ngenerate.py reproduces all five files byte for byte")
    return finish()


def finish():
    print("\n".join(report))
    for w in warnings:
        print("WARNING:", w)
    for f in failures:
        print("FAIL:", f)
    print(f"\n{'OK' if not failures else 'FAILED'}: {len(failures)} failure(s), {len(warnings)} warning(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
