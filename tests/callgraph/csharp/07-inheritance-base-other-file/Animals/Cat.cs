namespace Zoo.Animals
{
    public class Cat : Animal
    {
        public string Meow() => base.Describe("meow");
    }
}
