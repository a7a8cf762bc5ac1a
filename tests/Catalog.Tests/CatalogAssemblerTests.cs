namespace Platform.Catalog.Tests;

public sealed class CatalogAssemblerTests
{
    [Fact]
    public void Problems_of_several_images_on_one_line_come_in_the_same_order_whatever_order_they_were_found_in()
    {
        CatalogProblem[] problems =
        [
            new("images/b", "images/.dockerignore", 2, "illegal exclusion pattern: \"!\""),
            new("images/a", "images/.dockerignore", 2, "illegal exclusion pattern: \"!\""),
            new("images/a", "images/a/image.yaml", 3, "unknown field 'kidn'"),
        ];

        var once = CatalogAssembler.Assemble("c0ffee0", [], problems).Problems;
        var again = CatalogAssembler.Assemble("c0ffee0", [], problems.Reverse()).Problems;

        Assert.Equal(["images/a", "images/b", "images/a"], once.Select(p => p.Image));
        Assert.Equal(once, again);
    }
}
