using System.Text;
using System.Text.Json;
using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.Incidents.Query;
using Npgsql;
using NpgsqlTypes;
using static GeoMonitor.Api.Features.Common.SqlArgs;

namespace GeoMonitor.Api.Features.Notifications;

/// <summary>A notification as stored.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Organisation">The notifying party.</param>
/// <param name="Kind">The kind of movement.</param>
/// <param name="Status">filed, acknowledged or withdrawn.</param>
/// <param name="Start">The window's start.</param>
/// <param name="End">The window's end (exclusive).</param>
/// <param name="WidthM">A route's width in metres.</param>
/// <param name="Route">The route (GeoJSON MultiLineString), for a route.</param>
/// <param name="Geometry">The area (GeoJSON MultiPolygon; for a route, its band).</param>
/// <param name="Notes">Free text.</param>
/// <param name="FiledBy">The key that filed it.</param>
/// <param name="FiledAt">When.</param>
/// <param name="AcknowledgedBy">The key that acknowledged it.</param>
/// <param name="AcknowledgedAt">When.</param>
/// <param name="AcknowledgedNote">With what note.</param>
/// <param name="WithdrawnBy">The key that withdrew it.</param>
/// <param name="WithdrawnAt">When.</param>
/// <param name="WithdrawnNote">With what note.</param>
/// <param name="Version">Incremented by every change.</param>
/// <param name="UpdatedAt">The last change.</param>
/// <param name="Conflicts">What the deconfliction check found when it was filed.</param>
public sealed record NotificationRecord(long Id, string Organisation, string Kind, string Status, DateTime Start, DateTime End, double? WidthM,
    JsonElement? Route, JsonElement Geometry, string? Notes, string? FiledBy, DateTime FiledAt, string? AcknowledgedBy, DateTime? AcknowledgedAt,
    string? AcknowledgedNote, string? WithdrawnBy, DateTime? WithdrawnAt, string? WithdrawnNote, int Version, DateTime UpdatedAt,
    IReadOnlyList<Conflict> Conflicts)
{
    /// <summary>The notification as a GeoJSON Feature (the area as its geometry), as the REST API serves it.</summary>
    public object ToFeature() => new
    {
        type = "Feature",
        id = Id,
        geometry = Geometry,
        properties = new
        {
            id = Id, organisation = Organisation, kind = Kind, status = Status, start = Start, end = End, widthM = WidthM, route = Route,
            notes = Notes, filedBy = FiledBy, filedAt = FiledAt, acknowledgedBy = AcknowledgedBy, acknowledgedAt = AcknowledgedAt,
            acknowledgedNote = AcknowledgedNote, withdrawnBy = WithdrawnBy, withdrawnAt = WithdrawnAt, withdrawnNote = WithdrawnNote,
            version = Version, updatedAt = UpdatedAt, conflicts = Conflicts,
        },
    };
}

/// <summary>Which notifications: every member given narrows the list (AND); the page is keyset over id.</summary>
public sealed record NotificationFilter
{
    /// <summary>One notification.</summary>
    public long? Id { get; init; }

    /// <summary>Of this party.</summary>
    public string? Organisation { get; init; }

    /// <summary>Of these kinds (any of).</summary>
    public IReadOnlyList<string>? Kinds { get; init; }

    /// <summary>With these statuses (any of).</summary>
    public IReadOnlyList<string>? Statuses { get; init; }

    /// <summary>In force at this instant.</summary>
    public DateTime? ActiveAt { get; init; }

    /// <summary>Window overlapping [From, To) (either end open when null).</summary>
    public DateTime? From { get; init; }

    /// <summary>See <see cref="From"/>.</summary>
    public DateTime? To { get; init; }

    /// <summary>Area intersecting this box.</summary>
    public BoundingBox? Bbox { get; init; }

    /// <summary>Covering this incident, by the rule of <see cref="IncidentFilter.PreNotified"/> (the incident's candidates).</summary>
    public long? Incident { get; init; }

    /// <summary>After this id (the next page).</summary>
    public long? After { get; init; }

    /// <summary>Page size.</summary>
    public int Limit { get; init; } = 100;
}

/// <summary>The SQL of notifications: filing (with the deconfliction check in the same transaction), reading, status changes.</summary>
public sealed class NotificationStore(NpgsqlDataSource db)
{
    /// <summary>
    /// What a read that asks "pre-notified" depends on besides incidents (every notification's version — each change
    /// moves it — and the matching settings), as one text: a validator's part (Features/Changes/ReadValidators).
    /// </summary>
    public const string ReadStamp = """
        (SELECT md5(COALESCE(string_agg(id::text || '.' || version, ',' ORDER BY id), '')) FROM notifications)
          || (SELECT match_distance_m::text || '/' || match_tolerance::text FROM notification_settings)
        """;

    // Serializes filings, so that two parties filing overlapping notifications at once each see the other's (the check
    // and the insert of one happen before the other's check). Filings are rare; the lock is held for milliseconds.
    private const long FilingLock = 0x47654E6F74696679;

    private const string Columns = """
        n.id, n.organisation, n.kind, n.status, lower(n.during), upper(n.during), n.width_m, ST_AsGeoJSON(n.route, 6, 0),
        ST_AsGeoJSON(ST_ForcePolygonCCW(n.geom), 6, 0), n.notes, n.filed_by, n.filed_at, n.acknowledged_by, n.acknowledged_at,
        n.acknowledged_note, n.withdrawn_by, n.withdrawn_at, n.withdrawn_note, n.version, n.updated_at, n.conflicts::text
        """;

    /// <summary>Whether organisation <paramref name="slug"/> exists.</summary>
    public async Task<bool> OrganisationExistsAsync(string slug, CancellationToken ct)
    {
        await using var cmd = Command(db, "SELECT EXISTS (SELECT 1 FROM organisations WHERE slug = $1)", slug);
        return (bool)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Checks <paramref name="n"/> against what is stored and stores it with the conflicts found, in one transaction.</summary>
    public async Task<NotificationRecord> FileAsync(NotificationInput n, string organisation, string? by, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await ExecAsync(conn, tx, ct, "SELECT pg_advisory_xact_lock($1)", FilingLock);
        var conflicts = await Deconfliction.CheckAsync(conn, tx, Candidate.Of(n, organisation), ct);
        long id;
        await using (var cmd = Command(conn, tx, """
            INSERT INTO notifications (organisation, kind, route, width_m, geom, during, notes, raw_geometry, conflicts, filed_by)
            VALUES ($1, $2, ST_Multi($3::geometry), $4, ST_Multi($5::geometry), $6, $7, $8, $9, $10)
            RETURNING id
            """, organisation, n.Kind, n.Route, n.WidthM, n.Area, Range(n.Start, n.End), n.Notes, Jsonb(n.RawGeometry),
            Jsonb(JsonSerializer.Serialize(conflicts, JsonSerializerOptions.Web)), by))
            id = (long)(await cmd.ExecuteScalarAsync(ct))!;
        var stored = (await ReadAsync(conn, tx, new NotificationFilter { Id = id }, ct))[0];
        await tx.CommitAsync(ct);
        return stored;
    }

    /// <summary>Opens a transaction and locks notification <paramref name="id"/>; null when it does not exist.</summary>
    public async Task<(NpgsqlConnection Conn, NpgsqlTransaction Tx, NotificationRecord? Current)> LockAsync(long id, CancellationToken ct)
    {
        var conn = await db.OpenConnectionAsync(ct);
        var tx = await conn.BeginTransactionAsync(ct);
        var found = await ReadAsync(conn, tx, new NotificationFilter { Id = id }, ct, forUpdate: true);
        return (conn, tx, found.Count == 0 ? null : found[0]);
    }

    /// <summary>Moves a locked notification to <paramref name="status"/> (acknowledged or withdrawn) with who and a note.</summary>
    public static async Task<NotificationRecord> SetStatusAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long id, string status, string? by, string? note,
        CancellationToken ct)
    {
        // The column names come from the fixed set of statuses, never from input.
        var prefix = status switch { "acknowledged" => "acknowledged", "withdrawn" => "withdrawn", _ => throw new ArgumentOutOfRangeException(nameof(status)) };
        await ExecAsync(conn, tx, ct, $"""
            UPDATE notifications SET status = $2, {prefix}_by = $3, {prefix}_at = now(), {prefix}_note = $4, version = version + 1, updated_at = now()
            WHERE id = $1
            """, id, status, by, note);
        return (await ReadAsync(conn, tx, new NotificationFilter { Id = id }, ct))[0];
    }

    /// <summary>The notifications matching <paramref name="f"/>, ordered by id (at most Limit + 1: the extra tells a next page exists).</summary>
    public async Task<IReadOnlyList<NotificationRecord>> ListAsync(NotificationFilter f, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await ReadAsync(conn, null, f, ct);
    }

    private static async Task<IReadOnlyList<NotificationRecord>> ReadAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, NotificationFilter f,
        CancellationToken ct, bool forUpdate = false)
    {
        var where = new List<string>();
        var cmd = new NpgsqlCommand { Connection = conn, Transaction = tx };
        void Add(string condition, string name, object value, NpgsqlDbType type)
        {
            where.Add(condition);
            cmd.Parameters.Add(new NpgsqlParameter(name, type) { Value = value });
        }
        if (f.Id is { } id) Add("n.id = @id", "id", id, NpgsqlDbType.Bigint);
        if (f.Organisation is { } org) Add("n.organisation = @org", "org", org, NpgsqlDbType.Text);
        if (f.Kinds is { } kinds) Add("n.kind = ANY (@kinds)", "kinds", kinds.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
        if (f.Statuses is { } statuses) Add("n.status = ANY (@statuses)", "statuses", statuses.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
        if (f.ActiveAt is { } at) Add("n.during @> @at", "at", at, NpgsqlDbType.TimestampTz);
        if (f.From is not null || f.To is not null) Add("n.during && @window", "window", Range(f.From, f.To), NpgsqlDbType.TimestampTzRange);
        if (f.Bbox is { } b)
        {
            Add("ST_Intersects(n.geom, ST_MakeEnvelope(@x0, @y0, @x1, @y1, 4326))", "x0", b.MinLon, NpgsqlDbType.Double);
            cmd.Parameters.Add(new NpgsqlParameter("y0", NpgsqlDbType.Double) { Value = b.MinLat });
            cmd.Parameters.Add(new NpgsqlParameter("x1", NpgsqlDbType.Double) { Value = b.MaxLon });
            cmd.Parameters.Add(new NpgsqlParameter("y1", NpgsqlDbType.Double) { Value = b.MaxLat });
        }
        if (f.Incident is { } incident)
            Add($"EXISTS (SELECT 1 FROM incidents i, notification_settings s WHERE i.id = @incident AND {IncidentSql.PreNotifiedMatch("i", "n", "s")})",
                "incident", incident, NpgsqlDbType.Bigint);
        if (f.After is { } after) Add("n.id > @after", "after", after, NpgsqlDbType.Bigint);
        cmd.Parameters.Add(new NpgsqlParameter("limit", NpgsqlDbType.Integer) { Value = f.Limit + 1 });
        cmd.CommandText = new StringBuilder($"SELECT {Columns} FROM notifications n")
            .Append(where.Count == 0 ? "" : " WHERE " + string.Join(" AND ", where))
            .Append(" ORDER BY n.id LIMIT @limit")
            .Append(forUpdate ? " FOR UPDATE" : "")
            .ToString();
        await using (cmd)
        {
            var list = new List<NotificationRecord>();
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
                list.Add(new NotificationRecord(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), Time(r, 4)!.Value, Time(r, 5)!.Value,
                    r.IsDBNull(6) ? null : r.GetDouble(6), Json(r, 7), Json(r, 8)!.Value, Text(r, 9), Text(r, 10), Time(r, 11)!.Value, Text(r, 12),
                    Time(r, 13), Text(r, 14), Text(r, 15), Time(r, 16), Text(r, 17), r.GetInt32(18), Time(r, 19)!.Value,
                    JsonSerializer.Deserialize<List<Conflict>>(r.GetString(20), JsonSerializerOptions.Web) ?? []));
            return list;
        }
    }
}
