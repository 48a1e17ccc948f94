using System.Net;
using GeoMonitor.Api.Tests.Infrastructure;
using static GeoMonitor.Api.Tests.Uploads.BadInputTests;

namespace GeoMonitor.Api.Tests.Verification;

/// <summary>A lifecycle world whose cooling-off lasts one second (GeoMonitor:Verification:CoolingOff), restarted mid-way.</summary>
public sealed class ShortHoldWorld() : LifecycleWorld(new ApiHostOptions { LoadGeodata = false }.With("GeoMonitor:Verification:CoolingOff", "00:00:01"));

/// <summary>
/// The lifecycle survives an API restart: its state is in the database and the cooling-off is computed from stored
/// timestamps, so no in-memory timer decides anything. An incident verified just before the API stops is still cooling
/// off after the restart until its stored end, and is reviewed and published by the new process.
/// </summary>
public sealed class LifecycleRestartTests(ShortHoldWorld w) : IClassFixture<ShortHoldWorld>, IAsyncLifetime
{
    public Task InitializeAsync() => w.ReadyAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_incident_verified_before_a_restart_is_reviewed_and_published_after_it()
    {
        var id = await w.UploadAsync();
        var cooling = (await w.VerifyAsync(id)).GetProperty("verification");
        // The configured period: one second.
        Assert.Equal(TimeSpan.FromSeconds(1), cooling.GetProperty("coolingOffEndsAt").GetDateTime() - cooling.GetProperty("stateEnteredAt").GetDateTime());
        var ends = await w.ScalarAsync<DateTime>("SELECT cooling_off_ends_at FROM incidents WHERE id = $1", id);

        // Still within the hold (or just past it on a slow machine: then the refusal is skipped, not faked).
        var early = await w.PostAsync("reviewer", id, "review", new { status = "under_independent_review" });
        if (await w.ScalarAsync<bool>("SELECT now() < $1", ends)) await AssertProblem(early, 409, "cooling-off");

        await w.RestartApiAsync();
        w.Connect();

        Assert.Equal("cooling_off", await w.StateAsync(id));
        Assert.Equal(ends, await w.ScalarAsync<DateTime>("SELECT cooling_off_ends_at FROM incidents WHERE id = $1", id));
        // The stored end passes on the database's clock (a second at most after the verification); nothing else is waited for.
        await ApiFixture.WaitForAsync(async () => await w.ScalarAsync<bool>("SELECT now() >= $1", ends), 10);
        var review = await w.StepAsync("reviewer", id, "review", new { status = "under_independent_review" });
        Assert.Equal("under_independent_review", review.GetProperty("status").GetString());
        await w.StepAsync("reviewer", id, "review", new { status = "published_verified", note = "after the restart" });
        Assert.Equal(HttpStatusCode.OK, (await w.As("anonymous").GetAsync($"/api/incidents/{id}")).StatusCode);

        var actions = (await Uploads.UploadWorld.BodyAsync(await w.As("reviewer").GetAsync($"/api/incidents/{id}/history")))
            .GetProperty("revisions").EnumerateArray().Select(r => r.GetProperty("action").GetString()!).ToArray();
        Assert.Equal(["create", "assign", "verify", "cool_off", "start_review", "publish"], actions);
    }
}
