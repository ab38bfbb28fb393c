using System;
using Zoo.Animals;

namespace Zoo
{
    public static class Program
    {
        public static void Main()
        {
            var dog = new Dog { Name = "rex" };
            var cat = new Cat { Name = "tom" };
            Console.WriteLine(dog.Bark());
            Console.WriteLine(dog.Fetch("ball"));
            Console.WriteLine(cat.Meow());
            Console.WriteLine(cat.Describe("purr"));
        }
    }
}
