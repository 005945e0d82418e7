package org.odespark.plot;

/**
 * A perceptually uniform colormap: a scalar t ∈ [0, 1] becomes an sRGB colour whose lightness grows
 * steadily with t, so equal steps in value look like equal steps in colour and the figure survives
 * printing in grey and red–green colour blindness.
 *
 * <p>{@link #viridis()} is the 256-entry viridis table of S. van der Walt and N. Smith, designed for
 * matplotlib 1.5 / 2.0 (2015, released to the public domain under CC0; see N. Smith and S. van der Walt,
 * "A Better Default Colormap for Matplotlib", SciPy 2015). The entries below are the published
 * floating-point sRGB values (matplotlib {@code _cm_listed.py}, {@code _viridis_data}) rounded to 8 bits as
 * {@code round(255·v)}; entry 0 is {@code #440154} (dark purple), entry 128 is {@code #21918C}, entry 255 is
 * {@code #FDE725} (yellow).
 *
 * <p>Lookup follows the usual listed-colormap rule: t maps to entry {@code min(255, floor(256·t))}, so each
 * entry covers an interval of width 1/256. Immutable and thread-safe.
 */
public final class Colormap {

  /** Viridis, 8 entries per line, {@code RRGGBB} each. */
  private static final String VIRIDIS_HEX =
      "44015444025645045745055946075A46085C460A5D460B5E" +
      "470D60470E61471063471164471365481467481668481769" +
      "48186A481A6C481B6D481C6E481D6F481F70482071482173" +
      "482374482475482576482677482878482979472A7A472C7A" +
      "472D7B472E7C472F7D46307E46327E46337F463480453581" +
      "453781453882443983443A83443B84433D84433E85423F85" +
      "4240864241864142874144874045884046883F47883F4889" +
      "3E49893E4A893E4C8A3D4D8A3D4E8A3C4F8A3C508B3B518B" +
      "3B528B3A538B3A548C39558C39568C38588C38598C375A8C" +
      "375B8D365C8D365D8D355E8D355F8D34608D34618D33628D" +
      "33638D32648E32658E31668E31678E31688E30698E306A8E" +
      "2F6B8E2F6C8E2E6D8E2E6E8E2E6F8E2D708E2D718E2C718E" +
      "2C728E2C738E2B748E2B758E2A768E2A778E2A788E29798E" +
      "297A8E297B8E287C8E287D8E277E8E277F8E27808E26818E" +
      "26828E26828E25838E25848E25858E24868E24878E23888E" +
      "23898E238A8D228B8D228C8D228D8D218E8D218F8D21908D" +
      "21918C20928C20928C20938C1F948C1F958B1F968B1F978B" +
      "1F988B1F998A1F9A8A1E9B8A1E9C891E9D891F9E891F9F88" +
      "1FA0881FA1881FA1871FA28720A38620A48621A58521A685" +
      "22A78522A88423A98324AA8325AB8225AC8226AD8127AD81" +
      "28AE8029AF7F2AB07F2CB17E2DB27D2EB37C2FB47C31B57B" +
      "32B67A34B67935B77937B87838B9773ABA763BBB753DBC74" +
      "3FBC7340BD7242BE7144BF7046C06F48C16E4AC16D4CC26C" +
      "4EC36B50C46A52C56954C56856C66758C7655AC8645CC863" +
      "5EC96260CA6063CB5F65CB5E67CC5C69CD5B6CCD5A6ECE58" +
      "70CF5773D05675D05477D1537AD1517CD2507FD34E81D34D" +
      "84D44B86D54989D5488BD6468ED64590D74393D74195D840" +
      "98D83E9BD93C9DD93BA0DA39A2DA37A5DB36A8DB34AADC32" +
      "ADDC30B0DD2FB2DD2DB5DE2BB8DE29BADE28BDDF26C0DF25" +
      "C2DF23C5E021C8E020CAE11FCDE11DD0E11CD2E21BD5E21A" +
      "D8E219DAE319DDE318DFE318E2E418E5E419E7E419EAE51A" +
      "ECE51BEFE51CF1E51DF4E61EF6E620F8E621FBE723FDE725";

  private static final Colormap VIRIDIS = new Colormap("viridis", VIRIDIS_HEX);

  private final String name;
  private final int[] rgb;

  private Colormap(String name, String hex) {
    if (hex.length() % 6 != 0 || hex.length() < 12) {
      throw new IllegalArgumentException("colormap table must hold at least 2 RRGGBB entries, got "
          + hex.length() + " hex digits");
    }
    this.name = name;
    this.rgb = new int[hex.length() / 6];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = Integer.parseInt(hex.substring(6 * i, 6 * i + 6), 16);
    }
  }

  /** The viridis colormap (256 entries, dark purple → blue → green → yellow). */
  public static Colormap viridis() {
    return VIRIDIS;
  }

  /** The colormap's name, e.g. {@code "viridis"}. */
  public String name() {
    return name;
  }

  /** Number of table entries. */
  public int size() {
    return rgb.length;
  }

  /**
   * Colour of table entry {@code index} as {@code 0xRRGGBB}.
   *
   * @throws IllegalArgumentException if index is not in [0, size())
   */
  public int rgbAt(int index) {
    if (index < 0 || index >= rgb.length) {
      throw new IllegalArgumentException("index must be in [0, " + rgb.length + "), got " + index);
    }
    return rgb[index];
  }

  /**
   * Colour of t as {@code 0xRRGGBB}: entry {@code min(size−1, floor(size·t))}. Values below 0 give the
   * first entry, above 1 the last; NaN gives the first entry (the "nothing here" colour), so a rendering
   * loop never throws.
   */
  public int rgb(double t) {
    if (!(t > 0)) {
      return rgb[0];
    }
    int i = (int) (t * rgb.length);
    return rgb[i >= rgb.length ? rgb.length - 1 : i];
  }

  @Override
  public String toString() {
    return name + " (" + rgb.length + " entries)";
  }
}
