using System.Globalization;
using System.Text.Json;
using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.Incidents;
using GeoMonitor.Api.Features.Incidents.Query;
using GeoMonitor.Api.Features.Layers;
using Npgsql;
using NpgsqlTypes;

namespace GeoMonitor.Api.Ogc;

/// <summary>
/// The SQL of one request on a layer collection: a WHERE clause over alias <c>t</c> (bbox, datetime, property
/// filters, a CQL2 filter) and its parameters, from which the page, the count and the single feature are selected.
/// Paging is keyset over the id, or over the sortby keys and then the id (<see cref="OgcSort"/>).
/// </summary>
public sealed class OgcLayerQuery
{
    private readonly List<string> _where = [];
    private readonly List<NpgsqlParameter> _parameters = [];

    /// <summary>Builds the conditions; <paramref name="asOf"/> reads the layers as recorded at that instant (null = now).</summary>
    public OgcLayerQuery(OgcLayer layer, OgcBbox? bbox, OgcDatetime? datetime, IReadOnlyDictionary<OgcPropertyFilter, IReadOnlyList<string>> filters,
        SqlPredicate? predicate = null, DateTimeOffset? asOf = null)
    {
        Layer = layer;
        _parameters.Add(new NpgsqlParameter("as_of", NpgsqlDbType.TimestampTz) { Value = (object?)asOf?.UtcDateTime ?? DBNull.Value });
        if (bbox is not null)
        {
            _where.Add("ST_Intersects(t.geom, ST_Transform(@bbox, 4326))");
            _parameters.Add(new NpgsqlParameter("bbox", NpgsqlDbType.Geometry) { Value = bbox.Area });
        }
        if (datetime is not null && layer.TimeCondition is { } time)
        {
            _where.Add(time);
            _parameters.Add(new NpgsqlParameter("dt_from", NpgsqlDbType.TimestampTz) { Value = (object?)datetime.From?.UtcDateTime ?? DBNull.Value });
            _parameters.Add(new NpgsqlParameter("dt_to", NpgsqlDbType.TimestampTz) { Value = (object?)datetime.To?.UtcDateTime ?? DBNull.Value });
        }
        var n = 0;
        foreach (var (filter, values) in filters)
        {
            var name = "pf" + n++;
            _where.Add($"{filter.Sql} = ANY (@{name})");
            _parameters.Add(filter.Type == OgcType.Integer
                ? new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Integer)
                    { Value = values.Select(v => Int(filter.Name, v)).ToArray() }
                : new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.ToArray() });
        }
        if (predicate is not null)
        {
            _where.Add("(" + predicate.Sql + ")");
            _parameters.AddRange(predicate.Parameters);
        }
    }

    /// <summary>The layer.</summary>
    public OgcLayer Layer { get; }

    /// <summary>The layer's rows as recorded at @as_of (alias them t).</summary>
    private string Source => LayerJoins.At(Layer.Table, "@as_of::timestamptz");

    /// <summary>The conditions joined with AND.</summary>
    public string Where => _where.Count == 0 ? "TRUE" : string.Join(" AND ", _where);

    /// <summary>The select list: id, geometry text in <paramref name="crs"/>, then the properties in catalog order.</summary>
    public string Columns(OgcCrs crs) =>
        "t.id, " + crs.GeoJsonSql("t.geom") + ", " + string.Join(", ", Layer.Properties.Select(p => p.Sql));

    /// <summary>A page after <paramref name="afterId"/>: at most <paramref name="limit"/> + 1 rows in id order.</summary>
    public NpgsqlCommand Page(NpgsqlConnection conn, OgcCrs crs, long? afterId, int limit)
    {
        var where = Where + (afterId is null ? "" : " AND t.id > @after");
        var cmd = Command(conn, $"SELECT {Columns(crs)} FROM {Source} t WHERE {where} ORDER BY t.id LIMIT @limit");
        if (afterId is { } a) cmd.Parameters.Add(new NpgsqlParameter("after", NpgsqlDbType.Bigint) { Value = a });
        cmd.Parameters.Add(new NpgsqlParameter("limit", NpgsqlDbType.Integer) { Value = limit + 1 });
        return cmd;
    }

    /// <summary>
    /// A page in the order of <paramref name="sort"/> after <paramref name="after"/> (null: the first page), at most
    /// <paramref name="limit"/> + 1 rows; the sort keys follow the feature's columns (see <see cref="OgcSort.CursorOf"/>).
    /// </summary>
    public NpgsqlCommand Page(NpgsqlConnection conn, OgcCrs crs, OgcSort sort, OgcSortAfter? after, int limit)
    {
        var where = Where + (after is null ? "" : " AND " + after.Sql);
        var cmd = Command(conn, $"SELECT {Columns(crs)}, {sort.Columns} FROM {Source} t WHERE {where} ORDER BY {sort.OrderBy} LIMIT @limit");
        foreach (var p in after?.Parameters ?? []) cmd.Parameters.Add(p.Clone());
        cmd.Parameters.Add(new NpgsqlParameter("limit", NpgsqlDbType.Integer) { Value = limit + 1 });
        return cmd;
    }

    /// <summary>One feature by id.</summary>
    public NpgsqlCommand One(NpgsqlConnection conn, OgcCrs crs, long id)
    {
        var cmd = Command(conn, $"SELECT {Columns(crs)} FROM {Source} t WHERE t.id = @id");
        cmd.Parameters.Add(new NpgsqlParameter("id", NpgsqlDbType.Bigint) { Value = id });
        return cmd;
    }

    /// <summary>The exact number of matches (layers are small tables).</summary>
    public async Task<long> CountAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var cmd = Command(conn, $"SELECT count(*) FROM {Source} t WHERE {Where}");
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    private NpgsqlCommand Command(NpgsqlConnection conn, string sql)
    {
        var cmd = new NpgsqlCommand(sql, conn);
        foreach (var p in _parameters) cmd.Parameters.Add(p.Clone());
        return cmd;
    }

    /// <summary>The current row's provenance (its <c>source</c> property).</summary>
    public string SourceOf(NpgsqlDataReader r)
    {
        var k = Layer.Properties.ToList().FindIndex(p => p.Name == "source");
        return k < 0 || r.IsDBNull(k + 2) ? "" : r.GetString(k + 2);
    }

    /// <summary>Writes the current row (from <see cref="Columns"/>) as a Feature whose id is the row id.</summary>
    public void WriteFeature(Utf8JsonWriter w, NpgsqlDataReader r)
    {
        w.WriteStartObject();
        w.WriteString("type", "Feature");
        w.WriteNumber("id", r.GetInt64(0));
        w.WritePropertyName("geometry");
        w.WriteRawValue(r.GetString(1), skipInputValidation: true);
        w.WriteStartObject("properties");
        for (var k = 0; k < Layer.Properties.Count; k++)
        {
            var p = Layer.Properties[k];
            var o = k + 2;
            if (r.IsDBNull(o))
            {
                w.WriteNull(p.Name);
                continue;
            }
            switch (p.Type)
            {
                case OgcType.String: w.WriteString(p.Name, r.GetString(o)); break;
                case OgcType.Integer: w.WriteNumber(p.Name, Convert.ToInt64(r.GetValue(o), CultureInfo.InvariantCulture)); break;
                case OgcType.Number: w.WriteNumber(p.Name, r.GetDouble(o)); break;
                case OgcType.Boolean: w.WriteBoolean(p.Name, r.GetBoolean(o)); break;
                case OgcType.DateTime: w.WriteString(p.Name, IncidentColumns.Instant(r.GetDateTime(o))); break;
                case OgcType.Json:
                    w.WritePropertyName(p.Name);
                    w.WriteRawValue(r.GetString(o), skipInputValidation: true);
                    break;
            }
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static int Int(string name, string s) =>
        int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n
            : throw new QueryParameterException(name, $"'{name}' must be an integer, got '{s}'.");
}
