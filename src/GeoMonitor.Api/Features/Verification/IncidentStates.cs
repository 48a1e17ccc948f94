namespace GeoMonitor.Api.Features.Verification;

/// <summary>
/// The states of an incident in the verification lifecycle, as stored in <c>incidents.status</c> (V032). The lifecycle
/// itself — which step leads where, and who may take it — is <see cref="VerificationWorkflow.Transitions"/>.
/// </summary>
public static class IncidentStates
{
    /// <summary>Uploaded; no observer team yet.</summary>
    public const string Reported = "reported";

    /// <summary>An observer team is to verify it on site.</summary>
    public const string Assigned = "assigned";

    /// <summary>The team verified it on site (passed through on the way to cooling-off).</summary>
    public const string VerifiedOnSite = "verified_on_site";

    /// <summary>The team could not verify it (passed through on the way to cooling-off).</summary>
    public const string CouldNotVerify = "could_not_verify";

    /// <summary>The hold after the verification: nobody moves it on until cooling_off_ends_at.</summary>
    public const string CoolingOff = "cooling_off";

    /// <summary>An independent reviewer is deciding the verdict.</summary>
    public const string UnderIndependentReview = "under_independent_review";

    /// <summary>Published as verified.</summary>
    public const string PublishedVerified = "published_verified";

    /// <summary>Published, flagged as disputed.</summary>
    public const string PublishedDisputed = "published_disputed";

    /// <summary>Judged wrong by the independent review; not published.</summary>
    public const string Rejected = "rejected";

    /// <summary>Every state, in lifecycle order.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        Reported, Assigned, VerifiedOnSite, CouldNotVerify, CoolingOff, UnderIndependentReview, PublishedVerified, PublishedDisputed, Rejected,
    ];

    /// <summary>The states anyone may read (the publication hold keeps every other one to those in the process).</summary>
    public static readonly IReadOnlyList<string> Published = [PublishedVerified, PublishedDisputed];

    /// <summary>The verdicts an independent review may publish.</summary>
    public static readonly IReadOnlyList<string> Verdicts = [PublishedVerified, PublishedDisputed, Rejected];

    /// <summary>The outcomes of an on-site verification.</summary>
    public static readonly IReadOnlyList<string> Outcomes = [VerifiedOnSite, CouldNotVerify];

    /// <summary>The states after a verification was recorded (a reporter's correction sends these back to the team).</summary>
    public static readonly IReadOnlyList<string> Verified =
        [VerifiedOnSite, CouldNotVerify, CoolingOff, UnderIndependentReview, PublishedVerified, PublishedDisputed, Rejected];

    /// <summary>The states that wait for someone (the queue): neither published nor rejected.</summary>
    public static readonly IReadOnlyList<string> Waiting = [Reported, Assigned, VerifiedOnSite, CouldNotVerify, CoolingOff, UnderIndependentReview];
}
