using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Ogc.Cql2;
using Npgsql;
using NpgsqlTypes;

namespace GeoMonitor.Api.Ogc;

/// <summary>The keyset condition of a page after a cursor, with its parameters (copied into each command).</summary>
public sealed record OgcSortAfter(string Sql, IReadOnlyList<NpgsqlParameter> Parameters);

/// <summary>One key of a sortby: a sortable queryable and its direction.</summary>
public sealed record OgcSortKey(Cql2Queryable Queryable, bool Descending);

/// <summary>
/// <c>sortby</c> (OGC API - Features Part 8 / the sorting extension: <c>sortby=-occurredAt,fatalities</c>, a leading
/// <c>-</c> for descending, <c>+</c> or nothing for ascending) with keyset paging that stays correct for any such order:
/// the row id is appended as the last key (ascending) so the order is total, and the <c>next</c> cursor carries the
/// values of every key of the last row. The next page is the rows after that tuple in the requested order, written
/// as (k1 &gt; v1) OR (k1 = v1 AND k2 &gt; v2) OR … with &lt; for descending keys (mixed directions cannot use one row
/// comparison). Only queryables that are never null are sortable, so every comparison is two-valued.
/// </summary>
public sealed class OgcSort
{
    private const string CursorVersion = "s1";

    private OgcSort(IReadOnlyList<OgcSortKey> keys, string normalized)
    {
        Keys = keys;
        Normalized = normalized;
    }

    /// <summary>The keys, the id last.</summary>
    public IReadOnlyList<OgcSortKey> Keys { get; }

    /// <summary>The sortby as the client's keys in canonical form, e.g. "-occurredAt,+fatalities" (bound into cursors).</summary>
    public string Normalized { get; }

    /// <summary>True when the client asked for one key, <paramref name="name"/>; <paramref name="descending"/> tells its direction.</summary>
    public bool IsSingle(string name, out bool descending)
    {
        descending = Normalized[0] == '-';
        return Normalized.AsSpan(1).SequenceEqual(name);
    }

    /// <summary>Parses the parameter; null when absent. Unknown or unsortable names are a 400 naming <c>sortby</c>.</summary>
    public static OgcSort? Parse(string? value, Cql2Queryables queryables)
    {
        if (value is null) return null;
        var keys = new List<OgcSortKey>();
        foreach (var raw in value.Split(','))
        {
            var item = raw.Trim();
            // A '+' left unencoded in a URL arrives as a space, which Trim removed: the default direction is ascending anyway.
            var descending = item.StartsWith('-');
            var name = item.TrimStart('-', '+').Trim();
            if (name.Length == 0) throw new QueryParameterException("sortby", $"'sortby' has an empty key: '{value}'.");
            var q = queryables.Find(name) ?? throw new QueryParameterException("sortby",
                $"'sortby' names '{name}', which is not a queryable of {queryables.CollectionId} (sortable: {Sortable(queryables)}).");
            if (!q.Sortable)
                throw new QueryParameterException("sortby", $"'{name}' cannot be sorted on (it may be null or is a geometry); sortable: {Sortable(queryables)}.");
            if (keys.Any(k => k.Queryable == q)) throw new QueryParameterException("sortby", $"'sortby' names '{name}' twice.");
            keys.Add(new OgcSortKey(q, descending));
        }
        if (keys.Count > 8) throw new QueryParameterException("sortby", "'sortby' takes at most 8 keys.");
        var normalized = string.Join(',', keys.Select(k => (k.Descending ? "-" : "+") + k.Queryable.Name));
        if (!keys.Any(k => k.Queryable.Sql == queryables.IdSql))
            keys.Add(new OgcSortKey(queryables.All.First(q => q.Sql == queryables.IdSql), false));
        return new OgcSort(keys, normalized);
    }

    private static string Sortable(Cql2Queryables q) => string.Join(", ", q.All.Where(x => x.Sortable).Select(x => x.Name));

    /// <summary>The ORDER BY list.</summary>
    public string OrderBy => string.Join(", ", Keys.Select(k => k.Queryable.Sql + (k.Descending ? " DESC" : " ASC")));

    /// <summary>The key expressions to select after the feature's columns, so that a row's cursor can be read.</summary>
    public string Columns => string.Join(", ", Keys.Select(k => k.Queryable.Sql));

    /// <summary>
    /// The condition "after the row whose keys are in <paramref name="cursor"/>", with its parameters; a 400 naming
    /// <c>cursor</c> when it is not one of this sortby's (call it before the response starts).
    /// </summary>
    public OgcSortAfter After(string cursor)
    {
        var values = Decode(cursor);
        var parameters = new List<NpgsqlParameter>();
        var names = new string[Keys.Count];
        for (var k = 0; k < Keys.Count; k++)
        {
            names[k] = "sort_after_" + k.ToString(CultureInfo.InvariantCulture);
            parameters.Add(Keys[k].Queryable.Type switch
            {
                Cql2Type.Integer => new NpgsqlParameter(names[k], NpgsqlDbType.Bigint) { Value = values[k].GetInt64() },
                Cql2Type.DateTime => new NpgsqlParameter(names[k], NpgsqlDbType.TimestampTz)
                    { Value = DateTime.UnixEpoch.AddTicks(values[k].GetInt64() * 10) },
                _ => new NpgsqlParameter(names[k], NpgsqlDbType.Text) { Value = values[k].GetString()! },
            });
        }
        var ors = new List<string>();
        for (var k = 0; k < Keys.Count; k++)
        {
            var ands = new List<string>();
            for (var j = 0; j < k; j++) ands.Add($"{Keys[j].Queryable.Sql} = @{names[j]}");
            ands.Add($"{Keys[k].Queryable.Sql} {(Keys[k].Descending ? "<" : ">")} @{names[k]}");
            ors.Add("(" + string.Join(" AND ", ands) + ")");
        }
        return new OgcSortAfter("(" + string.Join(" OR ", ors) + ")", parameters);
    }

    /// <summary>The cursor of the current row, whose last <see cref="Keys"/>.Count columns are <see cref="Columns"/>.</summary>
    public string CursorOf(NpgsqlDataReader r)
    {
        var first = r.FieldCount - Keys.Count;
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartArray();
            w.WriteStringValue(CursorVersion);
            w.WriteStringValue(Normalized);
            for (var k = 0; k < Keys.Count; k++)
            {
                var o = first + k;
                switch (Keys[k].Queryable.Type)
                {
                    case Cql2Type.Integer: w.WriteNumberValue(Convert.ToInt64(r.GetValue(o), CultureInfo.InvariantCulture)); break;
                    // Microseconds since 1970: timestamptz's resolution, so the cursor never falls between two stored instants.
                    case Cql2Type.DateTime: w.WriteNumberValue((r.GetDateTime(o).ToUniversalTime() - DateTime.UnixEpoch).Ticks / 10); break;
                    default: w.WriteStringValue(r.GetString(o)); break;
                }
            }
            w.WriteEndArray();
        }
        return Base64Url.EncodeToString(stream.ToArray());
    }

    private JsonElement[] Decode(string cursor)
    {
        var bad = new QueryParameterException("cursor", "'cursor' is not a cursor from a 'next' link of this request (its sortby must be the same).");
        if (cursor.Length > 4000) throw bad;
        byte[] bytes;
        try { bytes = Base64Url.DecodeFromChars(cursor); }
        catch (FormatException) { throw bad; }
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            var a = doc.RootElement;
            if (a.ValueKind != JsonValueKind.Array || a.GetArrayLength() != Keys.Count + 2 || a[0].GetString() != CursorVersion
                || a[1].GetString() != Normalized)
                throw bad;
            var values = new JsonElement[Keys.Count];
            for (var k = 0; k < Keys.Count; k++)
            {
                var v = a[k + 2].Clone();
                var ok = Keys[k].Queryable.Type is Cql2Type.Integer or Cql2Type.DateTime
                    ? v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n)
                      && (Keys[k].Queryable.Type != Cql2Type.DateTime || (n > -62135596800000000L && n < 253402300799999999L))
                    : v.ValueKind == JsonValueKind.String;
                if (!ok) throw bad;
                values[k] = v;
            }
            return values;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw bad;
        }
    }
}
