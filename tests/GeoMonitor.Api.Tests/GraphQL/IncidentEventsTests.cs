using GeoMonitor.Api.Features.Incidents.Events;
using Microsoft.Extensions.DependencyInjection;

namespace GeoMonitor.Api.Tests.GraphQL;

/// <summary>
/// The LISTEN/NOTIFY feed: writes made straight in SQL (as psql or another API instance would) reach in-process
/// subscribers as reported / reviewed / corrected, and re-enrichment sends nothing.
/// </summary>
public sealed class IncidentEventsTests(GraphQLWorld api) : IClassFixture<GraphQLWorld>
{
    [Fact]
    public async Task Inserts_reviews_and_corrections_from_any_writer_are_heard_once_each()
    {
        await api.ReadyAsync();
        var events = api.Services.GetRequiredService<IncidentEvents>();
        await events.Listening.WaitAsync(TimeSpan.FromSeconds(10));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var heard = new List<IncidentEvent>();
        var stream = events.SubscribeAsync(cts.Token).GetAsyncEnumerator(cts.Token);
        var first = stream.MoveNextAsync(); // attaches the subscriber

        var id = await api.ScalarAsync<long>("""
            INSERT INTO incidents (source, external_id, occurred_at, geom, event_type, sub_event_type)
            VALUES ('events', 'e-1', '2026-04-20T00:00:00Z', ST_SetSRID(ST_MakePoint(35.2, 33.2), 4326), 'Battles', 'Armed clash')
            RETURNING id
            """);
        await api.ScalarAsync<int>("SELECT gm_enrich_incidents(ARRAY[$1]::bigint[])", id);                            // no event
        // A step of the lifecycle by hand (V032's trigger allows reported → assigned, with a team).
        await Verification.LifecycleData.TeamAsync(api, "events-team", "events-org", [], []);
        await api.ScalarAsync<int>("WITH u AS (UPDATE incidents SET status = 'assigned', assigned_team = 'events-team', version = 2 WHERE id = $1 RETURNING 1) SELECT count(*)::int FROM u", id);
        await api.ScalarAsync<int>("WITH u AS (UPDATE incidents SET fatalities = 1, version = 3 WHERE id = $1 RETURNING 1) SELECT count(*)::int FROM u", id);
        await api.ScalarAsync<int>("WITH u AS (UPDATE incidents SET notes = 'no new version' WHERE id = $1 RETURNING 1) SELECT count(*)::int FROM u", id); // no event

        if (await first) heard.Add(stream.Current);
        while (heard.Count(e => e.Id == id) < 3 && await stream.MoveNextAsync()) heard.Add(stream.Current);
        var mine = heard.Where(e => e.Id == id).ToList();
        Assert.Equal(
            [new IncidentEvent(id, IncidentAction.Reported, "reported", 1), new IncidentEvent(id, IncidentAction.Reviewed, "assigned", 2),
             new IncidentEvent(id, IncidentAction.Corrected, "assigned", 3)],
            mine);
        // Nothing else arrives for this incident (the enrichment and the unversioned update were silent).
        var more = stream.MoveNextAsync().AsTask();
        await Task.WhenAny(more, Task.Delay(500));
        if (more.IsCompletedSuccessfully && await more) Assert.NotEqual(id, stream.Current.Id);
        await cts.CancelAsync();
        try { await more; } catch (OperationCanceledException) { }
        await stream.DisposeAsync();
    }
}
