using GeoMonitor.Api.Features.Keys;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Infrastructure.Database;
using GeoMonitor.Api.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace GeoMonitor.Api.Tests.Keys;

/// <summary>The keys command against a fresh database (it migrates it first), and the first-start admin key.</summary>
public sealed class KeysCommandTests : IAsyncLifetime
{
    private string _cs = "";
    private NpgsqlDataSource _db = null!;

    public async Task InitializeAsync()
    {
        _cs = await TestCluster.CreateDatabaseAsync();
        _db = NpgsqlDataSource.Create(_cs);
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        await TestCluster.DropDatabaseAsync(_cs);
    }

    private async Task<(int? Code, string Output)> Run(params string[] args)
    {
        var output = new StringWriter();
        var code = await KeysCommand.ExecuteAsync([.. args, $"--ConnectionStrings:GeoMonitor={_cs}"], output);
        return (code, output.ToString());
    }

    [Fact]
    public async Task Create_puts_the_key_in_the_organisation_named_or_one_named_after_it()
    {
        var (code, output) = await Run("keys", "create", "--role", "reviewer", "--name", "Field Team 3", "--org", "unifil");
        Assert.Equal(0, code);
        Assert.Contains("of organisation 'unifil'", output);
        (code, _) = await Run("keys", "create", "--role", "reporter", "--name", "Field Team 4");
        Assert.Equal(0, code);
        Assert.Equal("unifil", await Scalar<string>("SELECT organisation FROM api_keys WHERE name = 'Field Team 3'"));
        Assert.Equal("field-team-4", await Scalar<string>("SELECT organisation FROM api_keys WHERE name = 'Field Team 4'"));
        Assert.Equal(2L, await Scalar<long>("SELECT count(*) FROM organisations WHERE slug IN ('unifil', 'field-team-4')"));
        var (listed, list) = await Run("keys", "list");
        Assert.Equal(0, listed);
        Assert.Contains("unifil", list);

        var (bad, message) = await Run("keys", "create", "--role", "reader", "--name", "x", "--org", "Not A Slug");
        Assert.Equal(2, bad);
        Assert.Contains("not an organisation slug", message);
    }

    [Fact]
    public async Task Keys_made_before_organisations_existed_each_get_one_named_after_themselves()
    {
        // The schema as it was before V030, with keys in it; then the remaining migrations, as an upgrade runs them.
        await Scalar<int>("CREATE TABLE schema_migrations (version text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now()); SELECT 1");
        foreach (var (version, sql) in Migrator.Embedded().Where(m => string.CompareOrdinal(m.Version, "V030") < 0))
        {
            await using var cmd = _db.CreateCommand(sql);
            await cmd.ExecuteNonQueryAsync();
            await using var log = _db.CreateCommand("INSERT INTO schema_migrations (version, checksum) VALUES ($1, $2)");
            log.Parameters.AddWithValue(version);
            log.Parameters.AddWithValue(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(sql))));
            await log.ExecuteNonQueryAsync();
        }
        await Scalar<int>("""
            INSERT INTO api_keys (name, role, key_hash, key_prefix) VALUES
              ('Team Alpha', 'reporter', '\x01', 'gm_a'), ('team-alpha', 'reviewer', '\x02', 'gm_b'), ('Ωμέγα', 'reader', '\x03', 'gm_c');
            SELECT 1
            """);
        await Migrator.MigrateAsync(_db);
        Assert.Equal("team-alpha", await Scalar<string>("SELECT organisation FROM api_keys WHERE key_prefix = 'gm_a'"));
        Assert.Equal("team-alpha", await Scalar<string>("SELECT organisation FROM api_keys WHERE key_prefix = 'gm_b'"));
        var id = await Scalar<long>("SELECT id FROM api_keys WHERE key_prefix = 'gm_c'");
        Assert.Equal($"key-{id}", await Scalar<string>("SELECT organisation FROM api_keys WHERE key_prefix = 'gm_c'"));
        Assert.Equal(0L, await Scalar<long>("SELECT count(*) FROM api_keys WHERE organisation IS NULL"));
    }

    private async Task<T> Scalar<T>(string sql)
    {
        await using var cmd = _db.CreateCommand(sql);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Create_prints_a_working_key_once_and_stores_only_its_hash()
    {
        var (code, output) = await Run("keys", "create", "--role", "reporter", "--name", "team-alpha");

        Assert.Equal(0, code);
        var key = output.Split('\n', StringSplitOptions.TrimEntries).Single(l => l.StartsWith("gm_", StringComparison.Ordinal));
        var caller = await new ApiKeys(_db).FindAsync(key);
        Assert.Equal(("team-alpha", Role.Reporter), (caller!.Name, caller.Role));
        await using var cmd = _db.CreateCommand("SELECT count(*) FROM api_keys WHERE key_prefix = $1 AND key_hash <> convert_to($2, 'UTF8')");
        cmd.Parameters.AddWithValue(key[..10]);
        cmd.Parameters.AddWithValue(key);
        Assert.Equal(1L, (long)(await cmd.ExecuteScalarAsync())!);

        var (_, list) = await Run("keys", "list");
        Assert.Contains("team-alpha", list);
        Assert.Contains(key[..10], list);
        Assert.DoesNotContain(key, list);
    }

    [Fact]
    public async Task Revoke_by_name_or_prefix_stops_the_key()
    {
        var (_, first) = await Run("keys", "create", "--role", "reviewer", "--name", "rev-a");
        var (_, second) = await Run("keys", "create", "--role", "admin", "--name", "adm-b");
        var a = first.Split('\n', StringSplitOptions.TrimEntries).Single(l => l.StartsWith("gm_", StringComparison.Ordinal));
        var b = second.Split('\n', StringSplitOptions.TrimEntries).Single(l => l.StartsWith("gm_", StringComparison.Ordinal));

        Assert.Equal(0, (await Run("keys", "revoke", "--name", "rev-a")).Code);
        Assert.Equal(0, (await Run("keys", "revoke", "--prefix", b[..10])).Code);
        Assert.Equal(1, (await Run("keys", "revoke", "--name", "rev-a")).Code); // nothing left to revoke

        Assert.Null(await new ApiKeys(_db).FindAsync(a));
        Assert.Null(await new ApiKeys(_db).FindAsync(b));
    }

    [Theory]
    [InlineData("keys")]
    [InlineData("keys", "create", "--role", "owner", "--name", "x")]
    [InlineData("keys", "create", "--role", "anonymous", "--name", "x")]
    [InlineData("keys", "create", "--name", "x")]
    [InlineData("keys", "revoke")]
    [InlineData("keys", "rotate")]
    [InlineData("keys", "list", "--verbose")]
    public async Task Bad_usage_is_exit_code_2_with_the_usage(params string[] args)
    {
        var output = new StringWriter();
        Assert.Equal(2, await KeysCommand.ExecuteAsync(args, output));
        Assert.Contains("usage: keys create", output.ToString());
    }

    [Fact]
    public async Task Other_arguments_are_not_a_keys_command()
    {
        Assert.Null(await KeysCommand.ExecuteAsync([], TextWriter.Null));
        Assert.Null(await KeysCommand.ExecuteAsync(["--urls", "http://localhost:5000"], TextWriter.Null));
    }

    [Fact]
    public async Task The_embedded_default_creates_an_admin_key_once_in_a_file_only_its_owner_can_read()
    {
        await Migrator.MigrateAsync(_db);
        var folder = Directory.CreateTempSubdirectory("gm-adminkey-").FullName;
        try
        {
            // A handle on an embedded cluster in the folder (nothing is started); the key goes to the test database.
            var info = new DatabaseInfo(new EmbeddedPostgres(folder, NullLogger.Instance)) { Ready = true };
            await new AdminKeyBootstrap(_db, info, NullLogger<AdminKeyBootstrap>.Instance).StartAsync(default);
            await new AdminKeyBootstrap(_db, info, NullLogger<AdminKeyBootstrap>.Instance).StartAsync(default);

            var path = AdminKeyBootstrap.KeyFile(folder);
            var key = (await File.ReadAllTextAsync(path)).Trim();
            if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            var caller = await new ApiKeys(_db).FindAsync(key);
            Assert.Equal((AdminKeyBootstrap.KeyName, Role.Admin), (caller!.Name, caller.Role));
            await using var cmd = _db.CreateCommand("SELECT count(*) FROM api_keys");
            Assert.Equal(1L, (long)(await cmd.ExecuteScalarAsync())!);

            // With an external database nothing is created.
            await new AdminKeyBootstrap(_db, new DatabaseInfo(null) { Ready = true }, NullLogger<AdminKeyBootstrap>.Instance).StartAsync(default);
            Assert.Equal(1L, (long)(await cmd.ExecuteScalarAsync())!);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }
}
