using System.Globalization;
using System.Threading.RateLimiting;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Infrastructure.Errors;
using Microsoft.AspNetCore.RateLimiting;

namespace GeoMonitor.Api.Infrastructure.Security;

/// <summary>
/// Token buckets per API key (by its hash prefix, never the key) and, for anonymous callers, per client
/// address. Over the limit: 429 problem+json with Retry-After. Limits come from GeoMonitor:RateLimit.
/// </summary>
public static class RateLimiting
{
    /// <summary>Registers the global limiter.</summary>
    public static IServiceCollection AddGeoMonitorRateLimiting(this IServiceCollection services, IConfiguration config)
    {
        var section = config.GetSection("GeoMonitor:RateLimit");
        var anonymous = section.GetValue("AnonymousPerSecond", 50);
        var keyed = section.GetValue("KeyPerSecond", 200);
        var burst = section.GetValue("BurstSeconds", 2);
        services.AddRateLimiter(o =>
        {
            // Two buckets chained: per client address (so random keys cannot buy fresh buckets, and the key
            // look-up itself is protected) and per key (so a team behind one NAT keeps its own allowance).
            var perAddress = PartitionedRateLimiter.Create<HttpContext, string>(ctx =>
            {
                var ip = ctx.Connection.RemoteIpAddress?.ToString() ?? "local";
                return ApiKeyAuthentication.KeyOf(ctx.Request) is null
                    ? Bucket("ip:" + ip, anonymous, burst)
                    : Bucket("keyed-ip:" + ip, keyed * 2, burst);
            });
            var perKey = PartitionedRateLimiter.Create<HttpContext, string>(ctx =>
                ApiKeyAuthentication.KeyOf(ctx.Request) is { } key
                    ? Bucket("key:" + Convert.ToHexString(ApiKeys.Hash(key), 0, 8), keyed, burst)
                    : RateLimitPartition.GetNoLimiter("anonymous"));
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(perAddress, perKey);
            o.OnRejected = async (ctx, ct) =>
            {
                var retry = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 1;
                ctx.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                ctx.HttpContext.Response.Headers.RetryAfter = retry.ToString(CultureInfo.InvariantCulture);
                await Results.Problem(statusCode: 429, title: "Too many requests", type: ProblemSetup.TypeBase + "rate-limited",
                    detail: $"Rate limit exceeded; retry after {retry} s.").ExecuteAsync(ctx.HttpContext);
            };
        });
        return services;
    }

    private static RateLimitPartition<string> Bucket(string partition, int perSecond, int burstSeconds) =>
        RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, perSecond * burstSeconds),
            TokensPerPeriod = Math.Max(1, perSecond),
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
}
