namespace Platform.Console.Apis;

/// <summary>One deployer's API (one environment's): rollout history, the environment, the jobs and their runs, and its actions.</summary>
public sealed class DeployerApi(HttpClient http, ApiCache cache, string name) : ServiceApi(http, cache, name)
{
    /// <summary>The resource name: <c>deployer</c>, or <c>deployer-&lt;environment&gt;</c>.</summary>
    public string Name => Service;

    public Task<Answer<List<DeploymentDocument>>> DeploymentsAsync(int limit, CancellationToken cancellationToken) =>
        GetAsync<List<DeploymentDocument>>($"/api/deployments?limit={limit}", cancellationToken);

    public Task<Answer<EnvironmentDocument>> EnvironmentAsync(CancellationToken cancellationToken) =>
        GetAsync<EnvironmentDocument>("/api/environment", cancellationToken);

    public Task<Answer<List<JobDocument>>> JobsAsync(CancellationToken cancellationToken) =>
        GetAsync<List<JobDocument>>("/api/jobs", cancellationToken);

    /// <summary>
    /// The CLI's <c>platform rollback</c>: <c>POST /api/rollbacks</c> <c>{ deployment, requestedBy, reason }</c>; the deployer puts back the
    /// last digest that served before the running one (by its ledger) and will not promote the rolled-back digest there again.
    /// </summary>
    public Task<ActionOutcome> RollBackAsync(string deployment, string requestedBy, CancellationToken cancellationToken) =>
        PostJsonAsync("/api/rollbacks", new { deployment, requestedBy, reason = "asked in the console" }, $"The rollback of {deployment} was accepted", cancellationToken);

    /// <summary>The CLI's <c>platform jobs run</c>: <c>POST /api/jobs/run?job=</c>, a run now outside the schedule.</summary>
    public Task<ActionOutcome> RunJobAsync(string job, CancellationToken cancellationToken) =>
        PostAsync($"/api/jobs/run?job={Uri.EscapeDataString(job)}", $"A run of {job} started", cancellationToken);

    /// <summary>
    /// The CLI's <c>platform promote</c>: <c>POST /api/promotions</c> <c>{ deployment, digest, requestedBy }</c>; the deployer checks that the
    /// digest qualifies and carries the promotion out (202), or says why not (409) or that it is done already (200).
    /// </summary>
    public Task<ActionOutcome> PromoteAsync(string deployment, string? digest, string requestedBy, CancellationToken cancellationToken) =>
        PostJsonAsync("/api/promotions", new { deployment, digest, requestedBy }, $"The promotion of {deployment} was accepted", cancellationToken);

    /// <summary><c>GET /api/ledger?deployment=</c>: what ran as the deployment, newest first (a deployer with promotion has it).</summary>
    public Task<Answer<List<StintDocument>>> LedgerAsync(string deployment, CancellationToken cancellationToken) =>
        GetAsync<List<StintDocument>>($"/api/ledger?deployment={Uri.EscapeDataString(deployment)}&limit=100", cancellationToken);

    public Task<Answer<List<JobRunDocument>>> JobRunsAsync(int limit, CancellationToken cancellationToken) =>
        GetAsync<List<JobRunDocument>>($"/api/jobs/runs?limit={limit}", cancellationToken);
}
