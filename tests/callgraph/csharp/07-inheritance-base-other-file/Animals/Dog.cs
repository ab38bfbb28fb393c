namespace Zoo.Animals
{
    public class Dog : Animal
    {
        public string Bark() => Describe("woof");

        public string Fetch(string item) => $"{this.Capitalized()} fetches the {item}";
    }
}
