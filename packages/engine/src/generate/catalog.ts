/**
 * The value lists the generator draws from, with their weights. Weights are
 * relative (they need not sum to 100); the skew is what makes demo segments
 * look like a real shop's rather than a uniform grid.
 */
export interface Weighted<T> {
  value: T;
  weight: number;
}

export interface Place {
  city: string;
  region: string;
}

export interface Country {
  code: string;
  weight: number;
  /** Largest city first: cities are weighted by rank (see `byRank`). */
  places: readonly Weighted<Place>[];
}

/** Weights 1, 1/2, 1/3 …: a few big cities, a tail of small ones. */
function byRank(pairs: readonly (readonly [city: string, region: string])[]): Weighted<Place>[] {
  return pairs.map(([city, region], rank) => ({ value: { city, region }, weight: 1 / (rank + 1) }));
}

export const COUNTRIES: readonly Country[] = [
  {
    code: 'US',
    weight: 30,
    places: byRank([
      ['New York', 'New York'], ['Los Angeles', 'California'], ['Chicago', 'Illinois'],
      ['Houston', 'Texas'], ['Phoenix', 'Arizona'], ['Seattle', 'Washington'],
      ['Miami', 'Florida'], ['Boston', 'Massachusetts'],
    ]),
  },
  {
    code: 'DE',
    weight: 12,
    places: byRank([
      ['Berlin', 'Berlin'], ['Hamburg', 'Hamburg'], ['Munich', 'Bavaria'],
      ['Cologne', 'North Rhine-Westphalia'], ['Frankfurt', 'Hesse'], ['Stuttgart', 'Baden-Württemberg'],
    ]),
  },
  {
    code: 'GB',
    weight: 11,
    places: byRank([
      ['London', 'England'], ['Manchester', 'England'], ['Birmingham', 'England'],
      ['Glasgow', 'Scotland'], ['Edinburgh', 'Scotland'], ['Cardiff', 'Wales'], ['Belfast', 'Northern Ireland'],
    ]),
  },
  {
    code: 'FR',
    weight: 9,
    places: byRank([
      ['Paris', 'Île-de-France'], ['Marseille', "Provence-Alpes-Côte d'Azur"], ['Lyon', 'Auvergne-Rhône-Alpes'],
      ['Toulouse', 'Occitanie'], ['Nice', "Provence-Alpes-Côte d'Azur"], ['Bordeaux', 'Nouvelle-Aquitaine'],
    ]),
  },
  {
    code: 'BR',
    weight: 7,
    places: byRank([
      ['São Paulo', 'São Paulo'], ['Rio de Janeiro', 'Rio de Janeiro'], ['Brasília', 'Distrito Federal'],
      ['Salvador', 'Bahia'], ['Belo Horizonte', 'Minas Gerais'],
    ]),
  },
  {
    code: 'CA',
    weight: 6,
    places: byRank([
      ['Toronto', 'Ontario'], ['Montreal', 'Quebec'], ['Vancouver', 'British Columbia'],
      ['Calgary', 'Alberta'], ['Ottawa', 'Ontario'],
    ]),
  },
  {
    code: 'ES',
    weight: 5,
    places: byRank([
      ['Madrid', 'Community of Madrid'], ['Barcelona', 'Catalonia'], ['Valencia', 'Valencian Community'],
      ['Seville', 'Andalusia'], ['Bilbao', 'Basque Country'],
    ]),
  },
  {
    code: 'IT',
    weight: 5,
    places: byRank([
      ['Rome', 'Lazio'], ['Milan', 'Lombardy'], ['Naples', 'Campania'], ['Turin', 'Piedmont'], ['Florence', 'Tuscany'],
    ]),
  },
  {
    code: 'NL',
    weight: 4,
    places: byRank([
      ['Amsterdam', 'North Holland'], ['Rotterdam', 'South Holland'], ['The Hague', 'South Holland'],
      ['Utrecht', 'Utrecht'], ['Eindhoven', 'North Brabant'],
    ]),
  },
  {
    code: 'JP',
    weight: 4,
    places: byRank([
      ['Tokyo', 'Tokyo'], ['Osaka', 'Osaka'], ['Yokohama', 'Kanagawa'], ['Nagoya', 'Aichi'], ['Sapporo', 'Hokkaido'],
    ]),
  },
  {
    code: 'PL',
    weight: 4,
    places: byRank([
      ['Warsaw', 'Masovia'], ['Kraków', 'Lesser Poland'], ['Wrocław', 'Lower Silesia'],
      ['Gdańsk', 'Pomerania'], ['Poznań', 'Greater Poland'],
    ]),
  },
  {
    code: 'SE',
    weight: 3,
    places: byRank([
      ['Stockholm', 'Stockholm'], ['Gothenburg', 'Västra Götaland'], ['Malmö', 'Skåne'], ['Uppsala', 'Uppsala'],
    ]),
  },
];

export const PLANS: readonly Weighted<string>[] = [
  { value: 'free', weight: 55 },
  { value: 'basic', weight: 25 },
  { value: 'pro', weight: 15 },
  { value: 'enterprise', weight: 5 },
];

export const EMAIL_DOMAINS: readonly Weighted<string>[] = [
  { value: 'gmail.com', weight: 45 },
  { value: 'outlook.com', weight: 18 },
  { value: 'yahoo.com', weight: 14 },
  { value: 'icloud.com', weight: 13 },
  { value: 'proton.me', weight: 4 },
  { value: 'example.org', weight: 6 },
];

/**
 * Event kinds other than purchases. Purchases are drawn first, with a
 * per-customer probability (see events-sql.ts), so heavy buyers can exist.
 */
export const BROWSING_EVENT_TYPES: readonly Weighted<string>[] = [
  { value: 'page_view', weight: 55 },
  { value: 'login', weight: 17 },
  { value: 'email_open', weight: 16 },
  { value: 'add_to_cart', weight: 12 },
];

export interface Category {
  name: string;
  /** Median purchase amount; amounts spread log-normally around it. */
  medianPrice: number;
}

export const CATEGORIES: readonly Weighted<Category>[] = [
  { value: { name: 'fashion', medianPrice: 45 }, weight: 20 },
  { value: { name: 'books', medianPrice: 18 }, weight: 16 },
  { value: { name: 'electronics', medianPrice: 180 }, weight: 12 },
  { value: { name: 'home', medianPrice: 60 }, weight: 12 },
  { value: { name: 'beauty', medianPrice: 25 }, weight: 12 },
  { value: { name: 'grocery', medianPrice: 35 }, weight: 12 },
  { value: { name: 'sports', medianPrice: 50 }, weight: 8 },
  { value: { name: 'toys', medianPrice: 30 }, weight: 8 },
];
