using GeoMonitor.Api.Features.Common;
using GeoMonitor.GraphQL;

namespace GeoMonitor.Api.GraphQL.Resolvers;

/// <summary>
/// The GraphQL adapter's half of every use case: a <see cref="Refusal"/> as an error whose <c>extensions.code</c> means
/// what the REST status means, with the same message.
/// </summary>
public static class GqlOutcomes
{
    /// <summary>The value of a done write, or the refusal thrown as a GraphQL error.</summary>
    public static T ValueOrThrow<T>(this Outcome<T> outcome, string? argument = null) =>
        outcome is Outcome<T>.Refused r ? throw r.Why.Error(argument) : outcome.ValueOrDefault!;

    /// <summary>The error for <paramref name="why"/>; <paramref name="argument"/> names the input it is about when the refusal does not.</summary>
    public static GraphQLException Error(this Refusal why, string? argument = null) => why switch
    {
        Refusal.KeyRequired k => GqlErrors.Error(GqlErrors.Unauthenticated, k.Detail, k.Field),
        Refusal.Forbidden f => GqlErrors.Error(GqlErrors.Forbidden, f.Detail, null, new Dictionary<string, object?> { ["reason"] = f.Code }),
        Refusal.NotFound n => GqlErrors.Error(GqlErrors.NotFound, n.Detail, n.Field ?? argument),
        Refusal.BadParameter b => GqlErrors.BadInput(b.Field, b.Detail),
        Refusal.Invalid i => GqlErrors.Error(GqlErrors.BadUserInput, i.Detail, argument, new Dictionary<string, object?>
        {
            ["reason"] = i.Code,
            ["errors"] = i.Errors.Select(e =>
            {
                var d = new Dictionary<string, object?>();
                if (e.Row is not null) d["row"] = e.Row;
                d["field"] = e.Field;
                d["message"] = e.Message;
                return d;
            }).ToList(),
        }),
        Refusal.Stale s => GqlErrors.Error(GqlErrors.Conflict, s.Detail, "version", new Dictionary<string, object?> { ["currentVersion"] = s.CurrentVersion }),
        Refusal.Conflict c => GqlErrors.Error(GqlErrors.Conflict, c.Detail, c.Field ?? argument,
            new Dictionary<string, object?>(c.Details) { ["reason"] = c.Code }),
        _ => throw new ArgumentOutOfRangeException(nameof(why), why, "An unknown refusal."),
    };
}
