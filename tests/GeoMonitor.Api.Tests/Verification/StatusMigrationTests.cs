using System.Security.Cryptography;
using System.Text;
using GeoMonitor.Api.Infrastructure.Database;
using GeoMonitor.Api.Tests.Infrastructure;
using Npgsql;

namespace GeoMonitor.Api.Tests.Verification;

/// <summary>
/// V032 moves a database of the old review statuses into the lifecycle (docs/verification.md, "The old statuses"):
/// verified → published_verified, disputed → published_disputed, under_review → reported (no team can be told),
/// reported and rejected stay. Each moved incident gets a new version and a 'migrate' revision; the reporter's
/// organisation is found from the uploading key; and from then on the transition guard holds.
/// </summary>
public sealed class StatusMigrationTests
{
    [Fact]
    public async Task A_database_of_the_old_statuses_migrates_to_the_lifecycle()
    {
        var cs = await TestCluster.CreateDatabaseAsync();
        try
        {
            await using var db = NpgsqlDataSource.Create(cs);
            // The schema as it was before the lifecycle: every migration before V032, recorded as the Migrator records them.
            foreach (var (version, sql) in Migrator.Embedded().Where(m => string.CompareOrdinal(m.Version, "V032") < 0))
            {
                await Exec(db, sql);
                await Exec(db, "CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
                await Exec(db, "INSERT INTO schema_migrations (version, checksum) VALUES ($1, $2)", version,
                    Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sql))));
            }
            await Exec(db, """
                INSERT INTO organisations (slug, name) VALUES ('old-org', 'Old organisation');
                INSERT INTO api_keys (name, role, key_hash, key_prefix, organisation) VALUES ('old-team', 'reporter', '\x01', 'gm_old', 'old-org');
                INSERT INTO incidents (source, external_id, occurred_at, geom, event_type, sub_event_type, status, created_by, version, updated_at)
                SELECT 'old', s, '2024-12-01T10:00:00Z', ST_SetSRID(ST_MakePoint(35.5, 33.2), 4326), 'Battles', 'Armed clash', s, 'old-team', 2,
                       '2025-01-05T12:00:00Z'
                FROM unnest(ARRAY['reported', 'under_review', 'verified', 'disputed', 'rejected']) s;
                """);

            // Every migration from V032 on applies, in order, over the old statuses.
            Assert.Equal(Migrator.Embedded().Select(m => m.Version).Where(v => string.CompareOrdinal(v, "V032") >= 0), await Migrator.MigrateAsync(db));

            var rows = new Dictionary<string, (string Status, int Version, string? Org, DateTime? Published, DateTime Entered)>();
            await using (var cmd = db.CreateCommand("SELECT external_id, status, version, reporter_organisation, published_at, state_entered_at FROM incidents"))
            await using (var r = await cmd.ExecuteReaderAsync())
                while (await r.ReadAsync())
                    rows[r.GetString(0)] = (r.GetString(1), r.GetInt32(2), r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? null : r.GetDateTime(4), r.GetDateTime(5));
            var updated = new DateTime(2025, 1, 5, 12, 0, 0, DateTimeKind.Utc);
            Assert.Equal(("reported", 2, "old-org", (DateTime?)null, updated), rows["reported"]);
            Assert.Equal(("reported", 3, "old-org", (DateTime?)null, updated), rows["under_review"]);
            Assert.Equal(("published_verified", 3, "old-org", (DateTime?)updated, updated), rows["verified"]);
            Assert.Equal(("published_disputed", 3, "old-org", (DateTime?)updated, updated), rows["disputed"]);
            Assert.Equal(("rejected", 2, "old-org", (DateTime?)null, updated), rows["rejected"]);

            var revisions = new List<string>();
            await using (var cmd = db.CreateCommand("""
                SELECT i.external_id || ' v' || r.version || ' ' || (r.changes -> 'status' ->> 'from') || '→' || (r.changes -> 'status' ->> 'to')
                FROM incident_revisions r JOIN incidents i ON i.id = r.incident_id WHERE r.action = 'migrate' ORDER BY 1
                """))
            await using (var r = await cmd.ExecuteReaderAsync())
                while (await r.ReadAsync()) revisions.Add(r.GetString(0));
            Assert.Equal(["disputed v3 disputed→published_disputed", "under_review v3 under_review→reported", "verified v3 verified→published_verified"], revisions);

            // From now on the lifecycle holds: an old-style jump is refused.
            var e = await Assert.ThrowsAsync<PostgresException>(() => Exec(db, "UPDATE incidents SET status = 'published_verified' WHERE external_id = 'reported'"));
            Assert.Equal("incident_transitions", e.ConstraintName);
        }
        finally
        {
            await TestCluster.DropDatabaseAsync(cs);
        }
    }

    private static async Task Exec(NpgsqlDataSource db, string sql, params object[] args)
    {
        await using var cmd = db.CreateCommand(sql);
        foreach (var a in args) cmd.Parameters.AddWithValue(a);
        await cmd.ExecuteNonQueryAsync();
    }
}
