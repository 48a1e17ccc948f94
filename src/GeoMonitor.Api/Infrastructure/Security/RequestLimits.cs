using GeoMonitor.Api.Infrastructure.Errors;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace GeoMonitor.Api.Infrastructure.Security;

/// <summary>
/// Limits every request shares, before any endpoint reads it: a server-wide body limit (endpoints that take more, the
/// uploads, raise it for their own requests), and no compressed request bodies — the server never inflates a body, so a
/// small compressed upload cannot expand into gigabytes, and a client that compresses is told so (415) instead of
/// getting a confusing parse error; and no NUL characters in query parameters. Configuration: <c>GeoMonitor:Limits:MaxBodyBytes</c> (default 8 MiB).
/// </summary>
public static class RequestLimits
{
    /// <summary>The default server-wide body limit, bytes.</summary>
    public const long DefaultMaxBodyBytes = 8L << 20;

    /// <summary>Sets Kestrel's body limit (and keeps its header and request-line limits at their defaults: 32 KiB, 8 KiB).</summary>
    public static IServiceCollection AddGeoMonitorRequestLimits(this IServiceCollection services, IConfiguration config)
    {
        var max = config.GetValue("GeoMonitor:Limits:MaxBodyBytes", DefaultMaxBodyBytes);
        services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = max);
        return services;
    }

    /// <summary>Refuses request bodies with a Content-Encoding other than identity (415) and NULs in the query string (400), as problem+json.</summary>
    public static WebApplication UseGeoMonitorRequestLimits(this WebApplication app)
    {
        app.Use(async (ctx, next) =>
        {
            var encodings = ctx.Request.Headers.ContentEncoding;
            if (encodings.Count > 0 && encodings.Any(e => (e ?? "").Split(',').Any(x => x.Trim() is { Length: > 0 } t && !t.Equals("identity", StringComparison.OrdinalIgnoreCase))))
            {
                await Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported content encoding",
                    type: ProblemSetup.TypeBase + "unsupported-content-encoding",
                    detail: $"Request bodies are not decompressed; send the body uncompressed (Content-Encoding '{encodings}' is refused).",
                    extensions: new Dictionary<string, object?> { ["header"] = "Content-Encoding" }).ExecuteAsync(ctx);
                return;
            }
            // PostgreSQL text cannot hold U+0000, so a NUL in a parameter would fail deep in a query as a 500.
            if (ctx.Request.Query.Any(q => q.Key.Contains('\0') || q.Value.Any(v => v?.Contains('\0') == true)))
            {
                await Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request",
                    type: ProblemSetup.TypeBase + "invalid-character",
                    detail: "The query string contains a NUL character (%00), which no parameter accepts.").ExecuteAsync(ctx);
                return;
            }
            await next(ctx);
        });
        return app;
    }
}
