namespace GeoMonitor.Api.Infrastructure.Security;

/// <summary>Headers that make responses safer to render in a browser, on every response.</summary>
public static class SecurityHeaders
{
    /// <summary>Adds the headers before the response starts.</summary>
    public static WebApplication UseGeoMonitorSecurityHeaders(this WebApplication app)
    {
        app.Use((ctx, next) =>
        {
            var h = ctx.Response.Headers;
            h.XContentTypeOptions = "nosniff";
            h.XFrameOptions = "SAMEORIGIN";
            h["Referrer-Policy"] = "no-referrer";
            h["Cross-Origin-Opener-Policy"] = "same-origin";
            h["Permissions-Policy"] = "geolocation=(), camera=(), microphone=()";
            return next(ctx);
        });
        return app;
    }
}
