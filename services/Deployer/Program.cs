using Platform.Deployer;

var builder = WebApplication.CreateBuilder(args);

// Defaults, messaging, options, rollouts, promotions, notifications and the deployment target: DeployerHost.AddDeployer.
builder.AddDeployer();

var app = builder.Build();

// Health, deployments, jobs, environment, ledger, promotions.
app.MapDeployer();

app.Run();
