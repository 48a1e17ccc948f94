using Microsoft.Net.Http.Headers;

namespace GeoMonitor.Api.GraphQL.Http;

/// <summary>Response media type negotiation per the GraphQL-over-HTTP spec.</summary>
internal static class GraphQLMediaTypes
{
    public const string GraphQLResponse = "application/graphql-response+json";
    public const string Json = "application/json";

    /// <summary>
    /// The new application/graphql-response+json when the client asks for it at least as strongly as for JSON;
    /// plain JSON for legacy clients, wildcards and a missing Accept header.
    /// </summary>
    public static string Negotiate(IList<string>? acceptHeaders)
    {
        if (acceptHeaders is null || acceptHeaders.Count == 0) return Json;
        if (!MediaTypeHeaderValue.TryParseList(acceptHeaders, out var accepted)) return Json;
        double graphQLQuality = -1, jsonQuality = -1;
        foreach (var media in accepted)
        {
            var quality = media.Quality ?? 1.0;
            var type = media.MediaType.Value?.ToLowerInvariant();
            if (type == GraphQLResponse) graphQLQuality = Math.Max(graphQLQuality, quality);
            else if (type is Json or "*/*" or "application/*") jsonQuality = Math.Max(jsonQuality, quality);
        }
        return graphQLQuality > 0 && graphQLQuality >= jsonQuality ? GraphQLResponse : Json;
    }

    /// <summary>Whether a browser is asking for a page rather than data.</summary>
    public static bool WantsHtml(IList<string>? acceptHeaders) =>
        acceptHeaders is not null && acceptHeaders.Any(h => h?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);
}
