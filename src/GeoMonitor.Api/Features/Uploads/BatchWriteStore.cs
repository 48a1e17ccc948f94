using System.Diagnostics;
using GeoMonitor.Api.Features.Common;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;

namespace GeoMonitor.Api.Features.Uploads;

/// <summary>
/// Writes a batch in one transaction, in chunks: each chunk's enrichment (and which of its keys are stored already)
/// computed on a second connection (<see cref="BatchEnrichment"/>, while the previous chunk is stored), its new rows with
/// their enrichment straight into incidents by binary COPY, their 'create' revisions by binary COPY; then a comparison of
/// the rows whose key was stored. Either everything commits or nothing does.
/// </summary>
public sealed class BatchWriteStore(NpgsqlDataSource db)
{
    // A 100,000-row batch takes 10–30 s on a busy machine (docs/performance.md, "Batch upload"): past Npgsql's default 30 s
    // command timeout under load, which would fail a valid upload.
    private const int TimeoutSeconds = 900;

    // Rows enriched (on the second connection) and inserted at a time: large enough that each chunk's statements are
    // planned once for thousands of rows. The first chunk is smaller: nothing overlaps its enrichment.
    private const int FirstChunkRows = 2_000, ChunkRows = 10_000;

    /// <summary>The outcome per row, and whether the transaction committed.</summary>
    public sealed record Outcome(Dictionary<int, (long Id, bool Created)> Stored, List<FieldError> Conflicts, bool Committed);

    /// <summary>
    /// Stores the rows. Rows whose (source, externalId) already holds the identical report are "unchanged"; a different
    /// report under the key is a conflict. With <paramref name="partial"/> false any conflict rolls everything back.
    /// </summary>
    public async Task<Outcome> WriteAsync(IReadOnlyList<BatchRow> rows, string? by, string? organisation, bool partial, CancellationToken ct,
        BatchPhases? phases = null)
    {
        phases ??= new BatchPhases();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await WriteOnceAsync(rows, by, organisation, partial, phases, ct);
            }
            // Another writer stored one of these keys after this transaction looked (its snapshot): start again, and
            // the rows it stored are found stored (unchanged, or a conflict). Concurrent identical batches end the same
            // way as concurrent identical single uploads: one stores, the others answer unchanged.
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == KeyConstraint && attempt < MaxAttempts) { }
        }
    }

    private const string KeyConstraint = "incidents_source_external_id_key";
    private const int MaxAttempts = 5;

    private async Task<Outcome> WriteOnceAsync(IReadOnlyList<BatchRow> rows, string? by, string? organisation, bool partial, BatchPhases phases,
        CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        string snapshot;
        await using (var export = new NpgsqlCommand("SELECT pg_export_snapshot()", conn, tx))
            snapshot = (string)(await export.ExecuteScalarAsync(ct))!;

        var byKey = new Dictionary<(string, string), BatchRow>(rows.Count);
        foreach (var r in rows) byKey[(r.Incident.Source, r.Incident.ExternalId)] = r;
        var stored = new Dictionary<int, (long, bool)>(rows.Count);
        var assignable = new List<long>();
        BatchRow[][] chunks = [rows.Take(FirstChunkRows).ToArray(), .. rows.Skip(FirstChunkRows).Chunk(ChunkRows)];
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        await using var enrichment = await BatchEnrichment.OpenAsync(db, conn, snapshot, TimeoutSeconds, ct);
        async Task<BatchEnrichment.Enriched[]> Enrich(int k)
        {
            var t = Stopwatch.GetTimestamp();
            var enriched = await enrichment.EnrichAsync(chunks[k], stop.Token);
            phases.Add("enrich", t);
            return enriched;
        }
        Task<BatchEnrichment.Enriched[]>? next = Enrich(0);
        try
        {
            for (var k = 0; k < chunks.Length; k++)
            {
                var waited = Stopwatch.GetTimestamp();
                var enriched = await (next ?? Enrich(k));
                phases.Add("wait", waited);
                // On a connection of its own, the next chunk is enriched while this one is written.
                next = enrichment.Alongside && k + 1 < chunks.Length ? Enrich(k + 1) : null;
                if (enriched.All(e => e.Taken)) continue;
                var copied = Stopwatch.GetTimestamp();
                var created = await CopyAsync(conn, tx, chunks[k], enriched, by, organisation, byKey, ct);
                phases.Add("copy", copied);
                foreach (var (id, row) in created) stored[row.Row] = (id, true);
                var revised = Stopwatch.GetTimestamp();
                await RevisionsAsync(conn, created, by, ct);
                phases.Add("revisions", revised);
                // Only an incident in a zone can be assigned to an observer team (a team covers zones).
                var zoned = chunks[k].Where((_, i) => enriched[i].Zones.Length > 0).Select(row => row.Row).ToHashSet();
                assignable.AddRange(created.Where(c => zoned.Contains(c.Row.Row)).Select(c => c.Id));
            }
        }
        catch
        {
            // The enrichment connection must be idle before it is disposed: stop its query and let it end.
            await stop.CancelAsync();
            if (next is not null)
                try { await next; }
                catch (Exception e) when (e is OperationCanceledException or NpgsqlException) { }
            throw;
        }

        var conflicts = new List<FieldError>();
        var compared = Stopwatch.GetTimestamp();
        if (stored.Count < rows.Count)
        {
            var rowsByNumber = rows.ToDictionary(r => r.Row);
            var missing = rows.Where(r => !stored.ContainsKey(r.Row)).ToArray();
            await using var cmd = new NpgsqlCommand($"""
                SELECT u.row, {IncidentRecord.Columns}
                FROM unnest($1::int[], $2::text[], $3::text[]) AS u(row, source, external_id)
                JOIN incidents i ON i.source = u.source AND i.external_id = u.external_id
                """, conn, tx) { CommandTimeout = TimeoutSeconds };
            cmd.Parameters.AddWithValue(missing.Select(r => r.Row).ToArray());
            cmd.Parameters.AddWithValue(missing.Select(r => r.Incident.Source).ToArray());
            cmd.Parameters.AddWithValue(missing.Select(r => r.Incident.ExternalId).ToArray());
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var rowNumber = r.GetInt32(0);
                var existing = ReadShifted(r);
                var mine = rowsByNumber[rowNumber];
                var theirs = existing.ToNewIncident();
                if (mine.Incident.SameReportAs(theirs)) stored[rowNumber] = (existing.Id, false);
                else
                    conflicts.Add(new FieldError(rowNumber, IncidentFields.ExternalId,
                        $"incident {existing.Id} is already stored under this source and externalId with different "
                        + $"{string.Join(", ", mine.Incident.DifferencesFrom(theirs))}; correct it with PATCH /api/incidents/{existing.Id}",
                        mine.Line));
            }
        }

        phases.Add("compare", compared);
        if (conflicts.Count > 0 && !partial)
        {
            await tx.RollbackAsync(ct);
            return new Outcome([], conflicts, false);
        }
        var assigned = Stopwatch.GetTimestamp();
        if (assignable.Count > 0) await Verification.VerificationStore.AutoAssignAsync(conn, tx, [.. assignable], ct, TimeoutSeconds);
        phases.Add("assign", assigned);
        var committed = Stopwatch.GetTimestamp();
        await tx.CommitAsync(ct);
        phases.Add("commit", committed);
        return new Outcome(stored, conflicts, true);
    }

    // The rows of a chunk whose key was not taken, with their enrichment, straight into incidents by binary COPY (in row
    // order); the new ids with their rows, in id order. Plain inserts: the keys stored before this transaction's snapshot
    // were left out (BatchEnrichment), and one stored since fails the COPY on the unique index (WriteAsync starts again).
    // COPY writes the heap a page at a time where an INSERT … SELECT from a staging table wrote it a row at a time after
    // staging every row once more (measured in docs/performance.md, "Batch upload").
    private static async Task<List<(long Id, BatchRow Row)>> CopyAsync(NpgsqlConnection conn, NpgsqlTransaction tx, BatchRow[] rows,
        BatchEnrichment.Enriched[] enriched, string? by, string? organisation, Dictionary<(string, string), BatchRow> byKey, CancellationToken ct)
    {
        // Every id this COPY draws comes after this one: the ids back are this transaction's rows above it.
        long floor;
        await using (var seq = new NpgsqlCommand("SELECT nextval(pg_get_serial_sequence('incidents', 'id'))", conn, tx))
            floor = (long)(await seq.ExecuteScalarAsync(ct))!;
        await using (var w = await conn.BeginBinaryImportAsync($"""
            COPY incidents ({IncidentWriteStore.InsertColumns},
                            zone_slugs, corridor_slugs, truce_slugs, blue_line_distance_m, blue_line_side) FROM STDIN (FORMAT BINARY)
            """, ct))
        {
            w.Timeout = TimeSpan.FromSeconds(TimeoutSeconds);
            for (var i = 0; i < rows.Length; i++)
            {
                var (_, _, n) = rows[i];
                var e = enriched[i];
                if (e.Taken) continue;
                await w.StartRowAsync(ct);
                await w.WriteAsync(n.Source, NpgsqlDbType.Text, ct);
                await w.WriteAsync(n.ExternalId, NpgsqlDbType.Text, ct);
                await w.WriteAsync(n.OccurredAt, NpgsqlDbType.TimestampTz, ct);
                await w.WriteAsync(n.TimePrecision, NpgsqlDbType.Smallint, ct);
                // The point as ST_SetSRID(ST_MakePoint(lon, lat), 4326) makes it (the single upload's form): the same doubles.
                await w.WriteAsync(new Point(n.Lon, n.Lat) { SRID = 4326 }, NpgsqlDbType.Geometry, ct);
                await w.WriteAsync(n.GeoPrecision, NpgsqlDbType.Smallint, ct);
                await Maybe(w, n.UncertaintyM, NpgsqlDbType.Double, ct);
                await w.WriteAsync(n.EventType, NpgsqlDbType.Text, ct);
                await w.WriteAsync(n.SubEventType, NpgsqlDbType.Text, ct);
                await Maybe(w, n.Actor1, NpgsqlDbType.Text, ct);
                await Maybe(w, n.Actor2, NpgsqlDbType.Text, ct);
                await w.WriteAsync(n.Fatalities, NpgsqlDbType.Integer, ct);
                await Maybe(w, n.LocationName, NpgsqlDbType.Text, ct);
                await Maybe(w, n.Notes, NpgsqlDbType.Text, ct);
                await w.WriteAsync(n.RawCoordinate, NpgsqlDbType.Text, ct);
                await w.WriteAsync(n.RawCrs, NpgsqlDbType.Text, ct);
                await Maybe(w, by, NpgsqlDbType.Text, ct);
                await Maybe(w, by, NpgsqlDbType.Text, ct);
                await Maybe(w, organisation, NpgsqlDbType.Text, ct);
                await w.WriteAsync(e.Zones, NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
                await w.WriteAsync(e.Corridors, NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
                await w.WriteAsync(e.Truces, NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
                await Maybe(w, e.Distance, NpgsqlDbType.Double, ct);
                await Maybe(w, e.Side, NpgsqlDbType.Text, ct);
            }
            await w.CompleteAsync(ct);
        }

        // Rows of other writers above the floor have another xmin; this transaction's earlier chunks lie below it.
        await using var cmd = new NpgsqlCommand("""
            SELECT id, source, external_id FROM incidents
            WHERE id > $1 AND xmin = pg_current_xact_id()::xid
            ORDER BY id
            """, conn, tx) { CommandTimeout = TimeoutSeconds };
        cmd.Parameters.AddWithValue(floor);
        var created = new List<(long, BatchRow)>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) created.Add((r.GetInt64(0), byKey[(r.GetString(1), r.GetString(2))]));
        return created;
    }

    // The 'create' revision of each new row, in id order, streamed straight into the history (CreateRevision writes the
    // changes, as for a single upload).
    private static async Task RevisionsAsync(NpgsqlConnection conn, List<(long Id, BatchRow Row)> created, string? by, CancellationToken ct)
    {
        if (created.Count == 0) return;
        var revision = new CreateRevision();
        await using var w = await conn.BeginBinaryImportAsync(
            "COPY incident_revisions (incident_id, version, action, changed_by, changes) FROM STDIN (FORMAT BINARY)", ct);
        w.Timeout = TimeSpan.FromSeconds(TimeoutSeconds);
        foreach (var (id, row) in created)
        {
            await w.StartRowAsync(ct);
            await w.WriteAsync(id, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(1, NpgsqlDbType.Integer, ct);
            await w.WriteAsync("create", NpgsqlDbType.Text, ct);
            await Maybe(w, by, NpgsqlDbType.Text, ct);
            await w.WriteAsync(revision.Utf8(row.Incident), NpgsqlDbType.Jsonb, ct);
        }
        await w.CompleteAsync(ct);
    }

    // The record's columns follow the row number.
    private static IncidentRecord ReadShifted(NpgsqlDataReader r) => IncidentRecord.Read(r, 1);

    private static async Task Maybe(NpgsqlBinaryImporter w, string? value, NpgsqlDbType type, CancellationToken ct)
    {
        if (value is null) await w.WriteNullAsync(ct);
        else await w.WriteAsync(value, type, ct);
    }

    private static async Task Maybe(NpgsqlBinaryImporter w, double? value, NpgsqlDbType type, CancellationToken ct)
    {
        if (value is null) await w.WriteNullAsync(ct);
        else await w.WriteAsync(value.Value, type, ct);
    }
}
