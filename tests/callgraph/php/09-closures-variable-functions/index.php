<?php

function normalize(string $value): string
{
    return trim(strtolower($value));
}

function shout(string $value): string
{
    return strtoupper($value) . '!';
}

function helper(string $value): string
{
    return "<$value>";
}

function process(array $values): array
{
    $prefix = '#';
    $format = function (string $v) use ($prefix): string {
        return $prefix . shout(normalize($v));
    };
    $mapped = array_map($format, $values);
    $wrapped = array_map(fn (string $v): string => helper($v), $mapped);
    return array_values(array_filter($wrapped, static fn ($v) => normalize($v) !== '<#!>'));
}

function apply_named(string $name, string $value): string
{
    $fn = $name;
    return $fn($value);
}

function apply_closure(callable $callback, string $value): string
{
    return $callback($value);
}

print_r(process([' A ', 'b', '']));
echo apply_named('shout', 'hey'), "\n";
echo apply_closure(fn ($v) => helper(shout($v)), 'x'), "\n";
