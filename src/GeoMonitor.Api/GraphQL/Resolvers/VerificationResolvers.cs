using System.Globalization;
using System.Runtime.CompilerServices;
using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.Incidents;
using GeoMonitor.Api.Features.Incidents.Query;
using GeoMonitor.Api.Features.Uploads;
using GeoMonitor.Api.Features.Verification;
using GeoMonitor.Api.GraphQL.Data;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.GraphQL.Execution;
using GeoMonitor.GraphQL.Utilities;

namespace GeoMonitor.Api.GraphQL.Resolvers;

/// <summary>
/// The verification fields of the schema: the GraphQL adapters of <see cref="VerificationWorkflow"/>, <see cref="TeamWrites"/>
/// and <see cref="Hotline"/> (the use cases behind the REST endpoints of Features/Verification), the queue, the metrics,
/// the hotline's log and its subscription, and Incident.disputed/verification, Truce.coolingOff.
/// </summary>
public static class VerificationResolvers
{
    /// <summary>The default size of the queue and the log, as REST's limit.</summary>
    public const int DefaultPageSize = 100;

    /// <summary>Binds the resolvers.</summary>
    public static SchemaBuilder BindVerification(this SchemaBuilder b) => b
        .Resolve("Query", "organisations", async ctx =>
        {
            var request = Keyed(ctx, "organisations");
            return await request.Service<ObserverTeamStore>().OrganisationsAsync(null, ctx.CancellationToken);
        })
        .Resolve("Query", "teams", async ctx =>
        {
            var request = Keyed(ctx, "teams");
            return await request.Service<ObserverTeamStore>().TeamsAsync(null, ctx.CancellationToken);
        })
        .Resolve("Query", "team", async ctx =>
        {
            var request = Keyed(ctx, "team");
            return (await request.Service<ObserverTeamStore>().TeamsAsync([ctx.Value<string>("slug")!], ctx.CancellationToken)).FirstOrDefault();
        })
        .Resolve("Query", "verificationQueue", QueueAsync)
        .Resolve("Query", "verificationStats", async ctx =>
        {
            Keyed(ctx, "verificationStats");
            return await GqlRequest.Reader<VerificationStore>(ctx).StatsAsync(ctx.Struct<DateTimeOffset>("from")?.UtcDateTime,
                ctx.Struct<DateTimeOffset>("to")?.UtcDateTime, ctx.Value<string>("team"), ctx.Value<string>("truce"), ctx.CancellationToken);
        })
        .Resolve("Query", "clarifications", async ctx =>
        {
            var request = Keyed(ctx, "clarifications");
            long? incident = ctx.Arguments.TryGetValue("incidentId", out var raw) && raw is not null ? IdOf(raw, "incidentId") : null;
            var (items, summary) = await request.Service<ClarificationStore>().ListAsync(Hotline.Scope(request.Caller), ctx.Value<string>("status"),
                incident, ctx.Struct<int>("first") ?? DefaultPageSize, ctx.CancellationToken);
            return new Dictionary<string, object?> { ["items"] = items, ["summary"] = summary };
        })
        .Resolve("Query", "clarification", async ctx =>
        {
            var request = Keyed(ctx, "clarification");
            var id = IdOf(ctx.Arguments["id"], "id");
            var store = request.Service<ClarificationStore>();
            if (await store.GetAsync(id, Hotline.Scope(request.Caller), ctx.CancellationToken) is { } found) return found;
            if (await store.ExistsAsync(id, ctx.CancellationToken))
                throw GqlErrors.Error(GqlErrors.Forbidden, $"Clarification request {id} is another organisation's; parties read their own, duty officers every one.", "id");
            return null;
        })
        .Resolve("Mutation", "assignIncident", ctx => StepAsync(ctx, (w, caller, id, expected, ct) =>
            w.AssignAsync(caller, id, InputJson.Object(("team", ctx.Value<string>("team")), ("note", ctx.Value<string>("note"))), expected, ct), "team"))
        .Resolve("Mutation", "verifyIncident", ctx => StepAsync(ctx, (w, caller, id, expected, ct) =>
            w.VerifyAsync(caller, id, InputJson.Element(ctx.Input("input")), expected, ct), "input"))
        .Resolve("Mutation", "addIncidentNote", ctx => StepAsync(ctx, (w, caller, id, expected, ct) =>
            w.NoteAsync(caller, id, InputJson.Object(("kind", ctx.Value<string>("kind")), ("text", ctx.Value<string>("text"))), expected, ct), "text"))
        .Resolve("Mutation", "upsertTeam", async ctx =>
        {
            var request = GqlRequest.Of(ctx);
            return (await request.Service<TeamWrites>().PutTeamAsync(request.Caller, ctx.Value<string>("slug")!, InputJson.Element(ctx.Input("input")),
                ctx.CancellationToken)).ValueOrThrow("input");
        })
        .Resolve("Mutation", "deleteTeam", async ctx =>
        {
            var request = GqlRequest.Of(ctx);
            (await request.Service<TeamWrites>().DeleteTeamAsync(request.Caller, ctx.Value<string>("slug")!, ctx.CancellationToken)).ValueOrThrow("slug");
            return true;
        })
        .Resolve("Mutation", "upsertOrganisation", async ctx =>
        {
            var request = GqlRequest.Of(ctx);
            return (await request.Service<TeamWrites>().PutOrganisationAsync(request.Caller, ctx.Value<string>("slug")!, InputJson.Element(ctx.Input("input")),
                ctx.CancellationToken)).ValueOrThrow("input");
        })
        .Resolve("Mutation", "requestClarification", async ctx =>
        {
            var request = GqlRequest.Of(ctx);
            return (await request.Service<Hotline>().RequestAsync(request.Caller, InputJson.Element(ctx.Input("input")), ctx.CancellationToken)).ValueOrThrow("input");
        })
        .Resolve("Mutation", "answerClarification", async ctx =>
        {
            var request = GqlRequest.Of(ctx);
            var caller = request.Caller;
            // The role first, as REST's authorization runs before the id is looked at.
            if (caller.Require(Hotline.DutyRole) is { } no) throw no.Error();
            return (await request.Service<Hotline>().AnswerAsync(caller, IdOf(ctx.Arguments["id"], "id"),
                InputJson.Object(("answer", ctx.Value<string>("answer"))), ctx.CancellationToken)).ValueOrThrow("answer");
        })
        .Resolve("Mutation", "closeClarification", async ctx =>
        {
            var request = GqlRequest.Of(ctx);
            var caller = request.Caller;
            if (caller.Require(Hotline.AskRole) is { } no) throw no.Error();
            return (await request.Service<Hotline>().CloseAsync(caller, IdOf(ctx.Arguments["id"], "id"),
                InputJson.Object(("note", ctx.Value<string>("note"))), ctx.CancellationToken)).ValueOrThrow("note");
        })
        .Subscribe("Subscription", "clarificationRequested", ClarificationsRequested)
        .Resolve("Incident", "verification", async ctx =>
        {
            var node = (IncidentNode)ctx.Source!;
            var store = GqlRequest.Reader<VerificationStore>(ctx);
            var v = await ctx.Loader<long, IncidentVerification>("gm.lifecycle", (ids, ct) => store.LifecycleAsync(ids, ct)).LoadAsync(node.Id)
                    ?? throw new InvalidOperationException($"Incident {node.Id} vanished while its lifecycle was read.");
            return new Dictionary<string, object?>
            {
                ["state"] = node.Status,
                ["stateEnteredAt"] = v.StateEnteredAt,
                ["reporterOrganisation"] = v.ReporterOrganisation,
                ["assignedTeam"] = v.AssignedTeam,
                ["outcome"] = v.Outcome,
                ["verifiedBy"] = v.VerifiedBy,
                ["verifyingOrganisation"] = v.VerifyingOrganisation,
                ["coolingOffEndsAt"] = v.CoolingOffEndsAt,
                ["reviewStartedBy"] = v.ReviewStartedBy,
                ["allowedNext"] = VerificationWorkflow.AllowedNext(node.Status, v.CoolingOffEndsAt),
            };
        })
        .Resolve("Truce", "coolingOff", async ctx =>
        {
            var store = GqlRequest.Reader<VerificationStore>(ctx);
            var span = await ctx.Loader<string, TimeSpan?>("gm.cooling-off", (slugs, ct) => store.CoolingOffAsync(slugs, ct)).LoadAsync(((TruceNode)ctx.Source!).Slug);
            return span is { } s ? VerificationOptions.FormatDuration(s) : null;
        });

    /// <summary>Query.verificationQueue: the queue through the one visibility rule.</summary>
    private static async Task<object?> QueueAsync(ResolveContext ctx)
    {
        var request = Keyed(ctx, "verificationQueue");
        var states = ctx.Strings("states") ?? IncidentStates.Waiting;
        var filter = IncidentVisibility.Apply(new IncidentFilter { Statuses = states }, request.Caller, "states");
        return await GqlRequest.Reader<VerificationStore>(ctx).QueueAsync(filter, ctx.Value<string>("team"), ctx.Struct<int>("first") ?? DefaultPageSize,
            ctx.CancellationToken);
    }

    private delegate Task<Outcome<IncidentRecord>> LifecycleStep(VerificationWorkflow workflow, Caller caller, long id, IReadOnlyCollection<int>? expected,
        CancellationToken ct);

    // The lifecycle mutations: the use case, then the incident as the caller now sees it (the version argument is REST's If-Match).
    private static async Task<IncidentNode?> StepAsync(ResolveContext ctx, LifecycleStep step, string argument)
    {
        var request = GqlRequest.Of(ctx);
        var id = IdOf(ctx.Arguments["id"], "id");
        int[]? expected = ctx.Struct<int>("version") is { } v ? [v] : null;
        var outcome = await step(request.Service<VerificationWorkflow>(), request.Caller, id, expected, ctx.CancellationToken);
        return await ReportMutations.NodeAsync(ctx, outcome.ValueOrThrow(argument).Id);
    }

    // The key is checked when the subscription starts (an error message, as graphql-ws expects), not at the first event.
    private static IAsyncEnumerable<Clarification> ClarificationsRequested(ResolveContext ctx) =>
        Requested(Keyed(ctx, "clarificationRequested"), ctx.CancellationToken);

    private static async IAsyncEnumerable<Clarification> Requested(GqlRequest request, [EnumeratorCancellation] CancellationToken ct)
    {
        var scope = Hotline.Scope(request.Caller);
        var store = request.Service<ClarificationStore>();
        await foreach (var e in request.Service<ClarificationEvents>().SubscribeAsync(ct))
            if (e.Action == "requested" && await store.GetAsync(e.Id, scope, ct) is { } c)
                yield return c;
    }

    // The hotline, the queue and the teams name organisations and keys: every one of these reads needs a key.
    private static GqlRequest Keyed(ResolveContext ctx, string what)
    {
        var request = GqlRequest.Of(ctx);
        request.Require(Role.Reader, what);
        return request;
    }

    private static long IdOf(object? raw, string argument) =>
        long.TryParse(raw?.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : throw GqlErrors.BadInput(argument, $"'{argument}' must be a positive integer, got '{raw}'.");
}
