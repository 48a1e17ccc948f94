using GeoMonitor.Api.Infrastructure.Database;
using GeoMonitor.Api.Tests.Infrastructure;
using Npgsql;

namespace GeoMonitor.Api.Tests.Foundation;

/// <summary>The database itself keeps bad data out, whatever client writes to it.</summary>
public sealed class SchemaConstraintTests : IAsyncLifetime
{
    private string _cs = "";
    private NpgsqlDataSource _db = null!;

    public async Task InitializeAsync()
    {
        _cs = await TestCluster.CreateDatabaseAsync();
        _db = NpgsqlDataSource.Create(_cs);
        await Migrator.MigrateAsync(_db);
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        await TestCluster.DropDatabaseAsync(_cs);
    }

    [Fact]
    public async Task Migrations_are_idempotent()
    {
        var second = await Migrator.MigrateAsync(_db);
        Assert.Empty(second);
        await using var cmd = _db.CreateCommand("SELECT count(*) FROM schema_migrations");
        Assert.Equal((long)Migrator.Embedded().Count, (long)(await cmd.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Concurrent_migrations_apply_once()
    {
        var cs = await TestCluster.CreateDatabaseAsync();
        try
        {
            await using var db = NpgsqlDataSource.Create(cs);
            var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Migrator.MigrateAsync(db)));
            Assert.Equal(Migrator.Embedded().Count, runs.Sum(r => r.Count));
        }
        finally { await TestCluster.DropDatabaseAsync(cs); }
    }

    [Fact]
    public async Task Refuses_a_self_intersecting_polygon()
    {
        // A bow-tie: its two triangles cross at (35.5, 33.25).
        var e = await Assert.ThrowsAsync<PostgresException>(() => Exec("""
            INSERT INTO zones (slug, name, kind, geom, source)
            VALUES ('bowtie', 'Bow tie', 'other',
                    ST_Multi(ST_GeomFromText('POLYGON((35.4 33.2, 35.6 33.3, 35.6 33.2, 35.4 33.3, 35.4 33.2))', 4326)), 'test')
            """));
        Assert.Equal(PostgresErrorCodes.CheckViolation, e.SqlState);
    }

    [Theory]
    [InlineData(200.0, 33.0)]
    [InlineData(35.5, 95.0)]
    [InlineData(-181.0, 0.0)]
    public async Task Refuses_an_out_of_range_coordinate(double lon, double lat)
    {
        var e = await Assert.ThrowsAsync<PostgresException>(() => InsertIncident("oor", lon, lat));
        Assert.Equal(PostgresErrorCodes.CheckViolation, e.SqlState);
    }

    [Fact]
    public async Task Refuses_a_duplicate_source_and_external_id()
    {
        await InsertIncident("dup-1", 35.5, 33.2);
        var e = await Assert.ThrowsAsync<PostgresException>(() => InsertIncident("dup-1", 35.51, 33.21));
        Assert.Equal(PostgresErrorCodes.UniqueViolation, e.SqlState);
    }

    [Fact]
    public async Task Refuses_another_srid()
    {
        var e = await Assert.ThrowsAsync<PostgresException>(() => Exec("""
            INSERT INTO incidents (source, external_id, occurred_at, geom, event_type, sub_event_type)
            VALUES ('t', 'srid', now(), ST_SetSRID(ST_MakePoint(700000, 3680000), 32636), 'Battles', 'Armed clash')
            """));
        Assert.Equal("22023", e.SqlState); // invalid_parameter_value: SRID does not match the column
    }

    [Theory]
    [InlineData("Battles", "Air/drone strike")]
    [InlineData("Fights", "Armed clash")]
    public async Task Refuses_event_codes_outside_the_acled_lists(string type, string sub)
    {
        var e = await Assert.ThrowsAsync<PostgresException>(() => Exec($"""
            INSERT INTO incidents (source, external_id, occurred_at, geom, event_type, sub_event_type)
            VALUES ('t', 'code', now(), ST_SetSRID(ST_MakePoint(35.5, 33.2), 4326), $1, $2)
            """, type, sub));
        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, e.SqlState);
    }

    [Fact]
    public async Task Refuses_an_unknown_status_and_negative_fatalities()
    {
        var s = await Assert.ThrowsAsync<PostgresException>(() => Exec("""
            INSERT INTO incidents (source, external_id, occurred_at, geom, event_type, sub_event_type, status)
            VALUES ('t', 'st', now(), ST_SetSRID(ST_MakePoint(35.5, 33.2), 4326), 'Battles', 'Armed clash', 'approved')
            """));
        Assert.Equal(PostgresErrorCodes.CheckViolation, s.SqlState);
        var f = await Assert.ThrowsAsync<PostgresException>(() => Exec("""
            INSERT INTO incidents (source, external_id, occurred_at, geom, event_type, sub_event_type, fatalities)
            VALUES ('t', 'fat', now(), ST_SetSRID(ST_MakePoint(35.5, 33.2), 4326), 'Battles', 'Armed clash', -1)
            """));
        Assert.Equal(PostgresErrorCodes.CheckViolation, f.SqlState);
    }

    [Fact]
    public async Task Revisions_are_append_only()
    {
        var id = await InsertIncident("rev", 35.5, 33.2);
        await Exec("INSERT INTO incident_revisions (incident_id, version, action, changed_by) VALUES ($1, 1, 'create', 't')", id);
        var u = await Assert.ThrowsAsync<PostgresException>(() => Exec("UPDATE incident_revisions SET changed_by = 'x'"));
        Assert.Contains("append-only", u.MessageText);
        await Assert.ThrowsAsync<PostgresException>(() => Exec("DELETE FROM incident_revisions"));
        await Assert.ThrowsAsync<PostgresException>(() => Exec("TRUNCATE incident_revisions"));
        await using var cmd = _db.CreateCommand("SELECT count(*) FROM incident_revisions");
        Assert.Equal(1L, (long)(await cmd.ExecuteScalarAsync())!);
    }

    private async Task<long> InsertIncident(string externalId, double lon, double lat)
    {
        await using var cmd = _db.CreateCommand("""
            INSERT INTO incidents (source, external_id, occurred_at, geom, event_type, sub_event_type)
            VALUES ('test', $1, now(), ST_SetSRID(ST_MakePoint($2, $3), 4326), 'Battles', 'Armed clash') RETURNING id
            """);
        cmd.Parameters.AddWithValue(externalId);
        cmd.Parameters.AddWithValue(lon);
        cmd.Parameters.AddWithValue(lat);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private async Task Exec(string sql, params object[] args)
    {
        await using var cmd = _db.CreateCommand(sql);
        foreach (var a in args) cmd.Parameters.AddWithValue(a);
        await cmd.ExecuteNonQueryAsync();
    }
}
