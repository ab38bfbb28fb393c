namespace Zoo.Animals
{
    public class Animal
    {
        public string Name { get; set; } = "animal";

        public string Describe(string sound) => $"{Capitalized()} says {sound}";

        protected string Capitalized() => char.ToUpperInvariant(Name[0]) + Name.Substring(1);
    }
}
