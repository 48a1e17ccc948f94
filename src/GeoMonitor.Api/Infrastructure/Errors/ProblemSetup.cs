using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace GeoMonitor.Api.Infrastructure.Errors;

/// <summary>
/// Every error leaves as application/problem+json with a stable <c>type</c>. Unexpected exceptions become
/// a 500 without details (no stack traces or SQL in responses); a client's malformed body becomes a 400.
/// </summary>
public static class ProblemSetup
{
    /// <summary>The base of the stable problem type URIs.</summary>
    public const string TypeBase = "https://geomonitor.example/problems/";

    /// <summary>Registers problem details with a trace id in every problem.</summary>
    public static IServiceCollection AddGeoMonitorProblems(this IServiceCollection services) =>
        services.AddExceptionHandler<DatabaseUnavailableHandler>().AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            ctx.ProblemDetails.Extensions["traceId"] = ctx.HttpContext.TraceIdentifier;
            if (ctx.ProblemDetails.Type is null or "" || ctx.ProblemDetails.Type.StartsWith("https://tools.ietf.org", StringComparison.Ordinal))
                ctx.ProblemDetails.Type = TypeBase + (ctx.ProblemDetails.Status ?? 500);
        });

    /// <summary>Turns exceptions into problems: bad requests the framework detects into 400, the rest into 500.</summary>
    public static WebApplication UseGeoMonitorProblems(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = e => e is BadHttpRequestException b ? b.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        return app;
    }
}
