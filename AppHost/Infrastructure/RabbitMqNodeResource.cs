namespace Platform.AppHost.Infrastructure;

/// <summary>A private RabbitMQ node run from the OS package by <c>scripts/rabbitmq-node.sh</c>.</summary>
public sealed class RabbitMqNodeResource(string name, string workingDirectory, ParameterResource userName, ParameterResource password)
    : ExecutableResource(name, "bash", workingDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    public ParameterResource UserName { get; } = userName;

    public ParameterResource Password { get; } = password;

    public EndpointReference Endpoint => new(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"amqp://{UserName}:{Password}@{Endpoint.Property(EndpointProperty.HostAndPort)}");

    /// <summary>The same connection properties as Aspire's RabbitMQ resource (<c>MESSAGING_HOST</c>, ... for a reference), as the export's pods get them.</summary>
    public IEnumerable<KeyValuePair<string, ReferenceExpression>> GetConnectionProperties() =>
    [
        new("Host", ReferenceExpression.Create($"{Endpoint.Property(EndpointProperty.Host)}")),
        new("Port", ReferenceExpression.Create($"{Endpoint.Property(EndpointProperty.Port)}")),
        new("Username", ReferenceExpression.Create($"{UserName}")),
        new("Password", ReferenceExpression.Create($"{Password}")),
        new("Uri", ConnectionStringExpression),
    ];
}
