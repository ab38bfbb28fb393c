<?php

namespace App;

class Model
{
    protected static string $table = 'models';
    protected array $attributes = [];

    public static function tableName(): string
    {
        return static::$table;
    }

    public function fill(array $attributes): static
    {
        $this->attributes = array_merge($this->attributes, $attributes);
        return $this;
    }

    public function describe(): string
    {
        return self::label() . ' from ' . static::tableName() . ': ' . json_encode($this->attributes);
    }

    protected static function label(): string
    {
        return 'record';
    }
}
