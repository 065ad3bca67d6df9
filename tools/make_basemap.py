"""Make generator/geo/region.geojson, the vendored base map, from Natural Earth via world-atlas.

Run once when the region changes:  npm pack world-atlas@2 && tar xzf world-atlas-2.0.2.tgz
then  python tools/make_basemap.py package/countries-50m.json generator/geo/region.geojson
Natural Earth is in the public domain; world-atlas (ISC) packages it as TopoJSON. The output keeps
the countries around Syria, with coordinates rounded to 0.01° (about 1 km), so the site draws its
maps with no tile server or online service.
"""

import json
import sys

BBOX = (24.0, 20.0, 64.0, 43.0)   # lon/lat: Egypt to eastern Iran, Arabia to the Black Sea


def decode(topology: dict) -> dict:
    scale, translate = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((round(x * scale[0] + translate[0], 2), round(y * scale[1] + translate[1], 2)))
        arcs.append(points)

    def ring(indexes):
        points = []
        for i in indexes:
            part = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
            points.extend(part if not points else part[1:])
        return points

    features = []
    for geom in topology["objects"]["countries"]["geometries"]:
        if geom["type"] == "Polygon":
            polys = [[ring(r) for r in geom["arcs"]]]
        elif geom["type"] == "MultiPolygon":
            polys = [[ring(r) for r in p] for p in geom["arcs"]]
        else:
            continue
        polys = [p for p in polys if any(BBOX[0] <= x <= BBOX[2] and BBOX[1] <= y <= BBOX[3] for x, y in p[0])]
        if polys:
            name = geom["properties"]["name"]
            features.append({"type": "Feature", "properties": {"name": name, "iso_n3": geom.get("id"), "ar": ARABIC.get(name, "")},
                             "geometry": {"type": "MultiPolygon", "coordinates": [[[list(pt) for pt in r] for r in p] for p in polys]}})
    return {"type": "FeatureCollection", "source": "Natural Earth 1:50m (public domain) via world-atlas 2.0.2",
            "bbox": list(BBOX), "features": features}


ARABIC = {"Syria": "سوريا", "Iraq": "العراق", "Lebanon": "لبنان", "Jordan": "الأردن", "Israel": "إسرائيل",
          "Palestine": "فلسطين", "Turkey": "تركيا", "Iran": "إيران", "Saudi Arabia": "السعودية", "Egypt": "مصر",
          "Kuwait": "الكويت", "Cyprus": "قبرص", "Afghanistan": "أفغانستان", "Azerbaijan": "أذربيجان",
          "Armenia": "أرمينيا", "Georgia": "جورجيا", "Turkmenistan": "تركمانستان", "Qatar": "قطر",
          "Bahrain": "البحرين", "United Arab Emirates": "الإمارات", "Oman": "عُمان", "Pakistan": "باكستان",
          "Libya": "ليبيا", "Sudan": "السودان", "Greece": "اليونان", "Russia": "روسيا", "Uzbekistan": "أوزبكستان",
          "Kazakhstan": "كازاخستان", "Bulgaria": "بلغاريا", "N. Cyprus": "شمال قبرص"}


if __name__ == "__main__":
    src, dst = sys.argv[1:3]
    with open(src, encoding="utf-8") as handle:
        data = decode(json.load(handle))
    with open(dst, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, separators=(",", ":"))
    print(f"{dst}: {len(data['features'])} countries")
