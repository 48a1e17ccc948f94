using System.Globalization;
using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.Review;
using GeoMonitor.GraphQL.Execution;

namespace GeoMonitor.Api.GraphQL.Resolvers;

/// <summary>
/// reviewIncident and correctIncident: the GraphQL adapters of <see cref="Features.Verification.VerificationWorkflow.ReviewAsync"/> and
/// <see cref="ReviewWorkflow"/>, the use cases behind POST /api/incidents/{id}/review and PATCH /api/incidents/{id}. The
/// version argument is REST's If-Match.
/// </summary>
public static class ReviewMutations
{
    /// <summary>Mutation.reviewIncident.</summary>
    public static async Task<Data.IncidentNode?> ReviewAsync(ResolveContext ctx)
    {
        var request = GqlRequest.Of(ctx);
        var body = InputJson.Object(("status", ctx.Value<string>("status")), ("note", ctx.Value<string>("note")));
        int[]? expected = ctx.Struct<int>("version") is { } v ? [v] : null;
        var outcome = await request.Service<Features.Verification.VerificationWorkflow>().ReviewAsync(Caller.Of(request.User), Id(ctx), body, expected, ctx.CancellationToken);
        return await ReportMutations.NodeAsync(ctx, outcome.ValueOrThrow().Id);
    }

    /// <summary>Mutation.correctIncident.</summary>
    public static async Task<Data.IncidentNode?> CorrectAsync(ResolveContext ctx)
    {
        var request = GqlRequest.Of(ctx);
        var outcome = await request.Service<ReviewWorkflow>().CorrectAsync(Caller.Of(request.User), Id(ctx), InputJson.Element(ctx.Arguments["patch"]),
            [ctx.Struct<int>("version") ?? 0], ctx.CancellationToken);
        return await ReportMutations.NodeAsync(ctx, outcome.ValueOrThrow("patch").Id);
    }

    private static long Id(ResolveContext ctx) =>
        long.TryParse(ctx.Arguments["id"]?.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : throw GqlErrors.BadInput("id", $"'id' must be a positive integer, got '{ctx.Arguments["id"]}'.");
}
