/** Small text helpers for error messages (closest-name suggestions). A leaf package. */
package org.odespark.text;
