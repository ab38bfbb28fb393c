using System;
using UI;

namespace Demo
{
    public static class Program
    {
        public static void Main()
        {
            var button = new Button("ok");
            Console.WriteLine(button.Render());
            Widget plain = new Widget();
            Console.WriteLine(plain.Render());
        }
    }
}
