namespace Platform.AppHost.Infrastructure;

/// <summary>A CNCF distribution registry run from the OS package (<c>docker-registry serve</c>).</summary>
public sealed class RegistryProcessResource(string name, string workingDirectory)
    : ExecutableResource(name, "docker-registry", workingDirectory), IResourceWithConnectionString
{
    public EndpointReference Endpoint => new(this, "http");

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{Endpoint.Property(EndpointProperty.Url)}");
}

/// <summary>A CNCF distribution registry run from the <c>registry</c> image.</summary>
public sealed class RegistryContainerResource(string name)
    : ContainerResource(name), IResourceWithConnectionString
{
    public EndpointReference Endpoint => new(this, "http");

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{Endpoint.Property(EndpointProperty.Url)}");
}
