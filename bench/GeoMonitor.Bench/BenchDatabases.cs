using GeoMonitor.Api.Infrastructure.Database;
using Npgsql;

namespace GeoMonitor.Bench;

/// <summary>
/// Databases of the bench cluster: created when missing, and recreated when a migration they were built with has
/// since been edited (the Migrator refuses such a database, and the generated data would no longer be what the
/// current schema produces: the enrichment functions live in the migrations).
/// </summary>
public static class BenchDatabases
{
    /// <summary>Creates <paramref name="connectionString"/>'s database if missing and migrates it, recreating it empty when it is stale.</summary>
    public static async Task MigrateOrRecreateAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        await EnsureExistsAsync(connectionString);
        try
        {
            await using var db = NpgsqlDataSource.Create(connectionString);
            await Migrator.MigrateAsync(db);
            return;
        }
        catch (InvalidOperationException e) when (e.Message.Contains("changed after it was applied", StringComparison.Ordinal))
        {
            BenchContext.Log($"{name}: {e.Message} Recreating it (its generated data will be generated again).");
        }
        NpgsqlConnection.ClearAllPools();
        await using (var admin = Admin(connectionString))
            // Without FORCE: a benchmark still running on it keeps it, and this run stops with PostgreSQL's reason.
            await Exec(admin, $"DROP DATABASE {Quote(name)}");
        await EnsureExistsAsync(connectionString);
        await using (var db = NpgsqlDataSource.Create(connectionString)) await Migrator.MigrateAsync(db);
    }

    private static async Task EnsureExistsAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        await using var admin = Admin(connectionString);
        await using var exists = admin.CreateCommand("SELECT 1 FROM pg_database WHERE datname = $1");
        exists.Parameters.AddWithValue(name);
        if (await exists.ExecuteScalarAsync() is null) await Exec(admin, $"CREATE DATABASE {Quote(name)}");
    }

    private static NpgsqlDataSource Admin(string connectionString) =>
        NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false }.ConnectionString);

    // Database names here are the harness's own constants; checked anyway since CREATE DATABASE takes no parameters.
    private static string Quote(string name) =>
        System.Text.RegularExpressions.Regex.IsMatch(name, "^[a-z_][a-z0-9_]{0,62}$") ? name : throw new ArgumentException($"bad database name {name}");

    private static async Task Exec(NpgsqlDataSource db, string sql)
    {
        await using var cmd = db.CreateCommand(sql);
        cmd.CommandTimeout = 0;
        await cmd.ExecuteNonQueryAsync();
    }
}
