namespace GeoMonitor.Api.Tests.Tiles;

/// <summary>
/// A minimal Mapbox Vector Tile reader written from the MVT 2.1 specification (protobuf wire format: varints and
/// length-delimited fields), independent of PostGIS, to check what a tile holds. It reads layer names, extents,
/// feature ids, attributes (string and numeric values) and each feature's geometry as paths of tile coordinates.
/// </summary>
public static class Mvt
{
    /// <summary>A decoded feature: its id, attributes, the first vertex and every path (a ring or a line) in tile coordinates.</summary>
    public sealed record Feature(
        ulong Id, int GeometryType, IReadOnlyDictionary<string, object> Tags, (long X, long Y) First, IReadOnlyList<IReadOnlyList<(long X, long Y)>> Paths);

    /// <summary>A decoded layer.</summary>
    public sealed record Layer(string Name, uint Extent, IReadOnlyList<Feature> Features);

    /// <summary>
    /// The XYZ tile holding a lon/lat at zoom z, and the position inside it in tile units (extent 4096), from the Web
    /// Mercator formulas of the slippy-map scheme (not from the production code).
    /// </summary>
    public static (int X, int Y, double Px, double Py) Locate(double lon, double lat, int z)
    {
        var n = Math.Pow(2, z);
        var fx = (lon + 180) / 360 * n;
        var phi = lat * Math.PI / 180;
        var fy = (1 - Math.Log(Math.Tan(phi) + 1 / Math.Cos(phi)) / Math.PI) / 2 * n;
        var x = (int)Math.Floor(fx);
        var y = (int)Math.Floor(fy);
        return (x, y, (fx - x) * 4096, (fy - y) * 4096);
    }

    /// <summary>Decodes the layers of a tile.</summary>
    public static IReadOnlyList<Layer> Decode(byte[] tile)
    {
        var layers = new List<Layer>();
        var r = new Reader(tile, 0, tile.Length);
        while (r.More)
        {
            var (field, wire) = r.Key();
            if (field == 3 && wire == 2) layers.Add(ReadLayer(r.Sub()));
            else r.Skip(wire);
        }
        return layers;
    }

    private static Layer ReadLayer(Reader r)
    {
        string name = "";
        uint extent = 4096;
        var keys = new List<string>();
        var values = new List<object>();
        var raw = new List<(ulong Id, int Type, List<uint> Tags, List<uint> Geometry)>();
        while (r.More)
        {
            var (field, wire) = r.Key();
            switch (field)
            {
                case 1: name = r.String(); break;
                case 2: raw.Add(ReadFeature(r.Sub())); break;
                case 3: keys.Add(r.String()); break;
                case 4: values.Add(ReadValue(r.Sub())); break;
                case 5: extent = (uint)r.Varint(); break;
                default: r.Skip(wire); break;
            }
        }
        var features = raw.Select(f =>
        {
            var tags = new Dictionary<string, object>();
            for (var i = 0; i + 1 < f.Tags.Count; i += 2) tags[keys[(int)f.Tags[i]]] = values[(int)f.Tags[i + 1]];
            // The first command is a MoveTo (id 1) of at least one point; parameters are zigzag-encoded deltas from (0, 0).
            (long, long) first = f.Geometry.Count >= 3 && (f.Geometry[0] & 7) == 1 ? (ZigZag(f.Geometry[1]), ZigZag(f.Geometry[2])) : (-1, -1);
            return new Feature(f.Id, f.Type, tags, first, Paths(f.Geometry));
        }).ToList();
        return new Layer(name, extent, features);
    }

    private static (ulong, int, List<uint>, List<uint>) ReadFeature(Reader r)
    {
        ulong id = 0;
        var type = 0;
        var tags = new List<uint>();
        var geometry = new List<uint>();
        while (r.More)
        {
            var (field, wire) = r.Key();
            switch (field)
            {
                case 1: id = r.Varint(); break;
                case 2: tags.AddRange(r.Packed()); break;
                case 3: type = (int)r.Varint(); break;
                case 4: geometry.AddRange(r.Packed()); break;
                default: r.Skip(wire); break;
            }
        }
        return (id, type, tags, geometry);
    }

    // MVT 2.1 §4.3: commands MoveTo (1), LineTo (2), ClosePath (7), each a (count << 3 | id) integer; the cursor
    // carries over from one command to the next, parameters are zigzag deltas. ClosePath repeats a ring's first vertex.
    private static List<IReadOnlyList<(long X, long Y)>> Paths(List<uint> g)
    {
        var paths = new List<IReadOnlyList<(long X, long Y)>>();
        List<(long X, long Y)>? cur = null;
        long x = 0, y = 0;
        for (var i = 0; i < g.Count;)
        {
            var id = g[i] & 7;
            var count = (int)(g[i] >> 3);
            i++;
            if (id == 7)
            {
                if (cur is { Count: > 0 }) cur.Add(cur[0]);
                continue;
            }
            for (var k = 0; k < count; k++, i += 2)
            {
                x += ZigZag(g[i]);
                y += ZigZag(g[i + 1]);
                if (id == 1) paths.Add(cur = []);
                cur!.Add((x, y));
            }
        }
        return paths;
    }

    private static object ReadValue(Reader r)
    {
        object value = "";
        while (r.More)
        {
            var (field, wire) = r.Key();
            value = field switch
            {
                1 => r.String(),
                2 => (double)BitConverter.ToSingle(r.Fixed(4)),
                3 => BitConverter.ToDouble(r.Fixed(8)),
                4 => (double)(long)r.Varint(),
                5 => (double)r.Varint(),
                6 => (double)ZigZag(r.Varint()),
                7 => r.Varint() != 0,
                _ => Skip(r, wire),
            };
        }
        return value;
    }

    private static object Skip(Reader r, int wire)
    {
        r.Skip(wire);
        return "";
    }

    private static long ZigZag(ulong n) => (long)(n >> 1) ^ -(long)(n & 1);

    private sealed class Reader(byte[] b, int pos, int end)
    {
        public bool More => pos < end;

        public (int Field, int Wire) Key()
        {
            var k = Varint();
            return ((int)(k >> 3), (int)(k & 7));
        }

        public ulong Varint()
        {
            ulong v = 0;
            for (var shift = 0; ; shift += 7)
            {
                var x = b[pos++];
                v |= (ulong)(x & 0x7f) << shift;
                if (x < 0x80) return v;
            }
        }

        public Reader Sub()
        {
            var len = (int)Varint();
            var r = new Reader(b, pos, pos + len);
            pos += len;
            return r;
        }

        public string String()
        {
            var len = (int)Varint();
            var s = System.Text.Encoding.UTF8.GetString(b, pos, len);
            pos += len;
            return s;
        }

        public byte[] Fixed(int n)
        {
            var a = b[pos..(pos + n)];
            pos += n;
            return a;
        }

        public IEnumerable<uint> Packed()
        {
            var sub = Sub();
            var list = new List<uint>();
            while (sub.More) list.Add((uint)sub.Varint());
            return list;
        }

        public void Skip(int wire)
        {
            switch (wire)
            {
                case 0: Varint(); break;
                case 1: pos += 8; break;
                case 2: pos += (int)Varint(); break;
                case 5: pos += 4; break;
                default: throw new InvalidDataException($"wire type {wire}");
            }
        }
    }
}
