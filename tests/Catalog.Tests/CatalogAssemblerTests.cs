using Platform.Catalog.Specs;

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

    [Fact]
    public void Two_images_with_one_name_are_problems_at_the_name_line_of_each_spec_or_naming_the_folder_the_name_comes_from()
    {
        CatalogImage Image(string folder, string? yaml) => new(ImageSpecReader.Read(folder, yaml).Spec!, []);

        var catalog = CatalogAssembler.Assemble("c0ffee0",
            [Image("images/one", "kind: base\nname: api\n"), Image("images/team/api", null), Image("images/other", "name: other\n")], []);

        const string Message = "the image name 'api' is used by more than one image: images/one/image.yaml:2, images/team/api/ (named after its folder)";
        Assert.Equal([$"images/one/image.yaml:2: {Message}", $"images/team/api/image.yaml: {Message}"], catalog.Problems.Select(p => p.ToString()));
        Assert.Equal(["other"], catalog.Images.Select(i => i.Spec.Name));
    }
}
